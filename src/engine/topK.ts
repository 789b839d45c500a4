/**
 * Indices of the `k` largest values, largest first, in one pass with a small min-heap.
 * Far cheaper than sorting all 50 257 logits every step (bench/README.md, "Figures behind code
 * comments").
 * Ties keep the lower index first, so the order is fully deterministic.
 */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const n = values.length;
  const size = Math.max(0, Math.min(k, n));
  if (size === 0) return [];
  // heap[0] is the weakest kept entry: smallest value, and among equals the highest index.
  const heap: number[] = [];
  const weaker = (a: number, b: number): boolean =>
    values[a] < values[b] || (values[a] === values[b] && a > b);
  const siftUp = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!weaker(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let weakest = i;
      if (left < heap.length && weaker(heap[left], heap[weakest])) weakest = left;
      if (right < heap.length && weaker(heap[right], heap[weakest])) weakest = right;
      if (weakest === i) return;
      [heap[i], heap[weakest]] = [heap[weakest], heap[i]];
      i = weakest;
    }
  };
  // Once the heap is full, most values lose to its weakest entry: one comparison skips them. A
  // later index that only ties the weakest is weaker too (ties keep the lower index).
  let threshold = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (heap.length === size) {
      if (!(v > threshold)) continue; // also skips NaN
      heap[0] = i;
      siftDown(0);
      threshold = values[heap[0]];
    } else if (!Number.isNaN(v)) {
      heap.push(i);
      siftUp(heap.length - 1);
      if (heap.length === size) threshold = values[heap[0]];
    }
  }
  return heap.sort((a, b) => (values[b] - values[a] !== 0 ? values[b] - values[a] : a - b));
}

/** The index of the largest value, the lower one among equals: greedy decoding's choice. */
export const argmax = (values: ArrayLike<number>): number => topIndices(values, 1)[0];
