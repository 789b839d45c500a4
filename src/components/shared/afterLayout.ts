/**
 * Runs `callback` just after the browser's next rendering step, when the page's layout is up to
 * date and reading positions costs nothing (read right after a change, they force a layout of
 * their own). Returns a cancel function. For views that keep a moving item in view, and charts
 * whose drawing measures the page.
 */
export function afterLayout(callback: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(callback, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
