/**
 * A turn of the event loop for the worker's messages.
 *
 * onnxruntime-web's plain WASM build runs the model synchronously inside `session.run` and
 * settles its promise with microtasks alone, so a loop of awaited steps never returns to the
 * event loop: a `cancel` the page posts meanwhile waits, unread, until the whole run is over.
 * Awaiting a task between steps lets the worker handle it. (The WebGPU build waits for the GPU
 * inside each run, which happens to give the loop those turns.)
 *
 * A message on a fresh channel rather than `setTimeout(0)`: browsers hold nested timers back to
 * 4 ms, longer than a step of a small model. The page's messages that arrived before it are
 * handled first (tasks of one source run in order).
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel !== 'function') {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      // Closing frees the pair (and, under Node, the handle that would keep the process alive).
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
