/**
 * Runs `callback` when the page is idle (at the latest after `timeout` ms); returns a cancel
 * function. Safari has no requestIdleCallback: there a short timer stands in.
 */
export function whenIdle(callback: () => void, timeout = 500): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback, { timeout });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(callback, 50);
  return () => clearTimeout(handle);
}
