/**
 * Coalesces items that arrive faster than the screen can show them. A small model sends a step
 * event every few milliseconds, and each store update re-renders the views synchronously: one
 * update per event cost a React commit (and often a layout) per step, dozens per frame. Items are
 * queued and handed over together once per animation frame instead.
 *
 * Browsers pause animation frames in hidden tabs, so a timer backs the frame up: the data still
 * arrives in the store (and is saved) while the tab is in the background. A page being hidden or
 * unloaded cannot wait for either: `flushWaitingBatches` applies every batch's items at once, so
 * that what is saved then holds them too.
 */

/** The flush of every batch that holds items (each leaves the set once empty). */
const waiting = new Set<() => void>();

/** Applies the items of every batch now: before the state is saved as the page goes away. */
export function flushWaitingBatches(): void {
  for (const flush of [...waiting]) flush();
}

export interface FrameBatch<T> {
  /** Queues an item; it is applied at the next frame (or after the fallback delay). */
  push(item: T): void;
  /** Applies everything queued now, in arrival order (nothing happens when the queue is empty). */
  flush(): void;
  /** How many items wait. */
  readonly size: number;
}

export interface FrameScheduler {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
}

/** The browser's animation frames, or none (Node, tests): then only the fallback timer runs. */
const browserFrames = (): FrameScheduler | null =>
  typeof requestAnimationFrame === 'function'
    ? {
        requestFrame: (callback) => requestAnimationFrame(callback),
        cancelFrame: (handle) => cancelAnimationFrame(handle),
      }
    : null;

export interface FrameBatchOptions {
  /** Longest wait for a frame before a timer applies the items (hidden tabs get no frames). */
  fallbackMs?: number;
  /** Least time from one application to the next: fewer, larger batches. */
  minIntervalMs?: number;
  frames?: FrameScheduler | null;
}

export function createFrameBatch<T>(
  apply: (items: T[]) => void,
  { fallbackMs = 100, minIntervalMs = 0, frames = browserFrames() }: FrameBatchOptions = {},
): FrameBatch<T> {
  let queue: T[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastApplied = -Infinity;

  const flush = (): void => {
    if (frame !== null) frames?.cancelFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
    waiting.delete(flush);
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    lastApplied = performance.now();
    apply(items);
  };

  const requestFrame = (): void => {
    timer = setTimeout(flush, fallbackMs);
    if (frames) frame = frames.requestFrame(flush);
  };

  return {
    push(item) {
      queue.push(item);
      waiting.add(flush);
      if (timer !== null || frame !== null) return; // already scheduled
      const wait = lastApplied + minIntervalMs - performance.now();
      if (wait <= 0) requestFrame();
      else timer = setTimeout(requestFrame, wait);
    },
    flush,
    get size() {
      return queue.length;
    },
  };
}
