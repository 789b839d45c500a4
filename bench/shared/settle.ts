/** Settling before anything is timed: repeat a batch until its time per step holds still. */
import type { MeasurePlan, Warmup } from './protocol';

const round2 = (x: number): number => Number(x.toFixed(2));

/**
 * V8 compiles WebAssembly with a quick baseline compiler and optimises hot functions later, in
 * background threads: a new worker's decode steps run markedly slower for the first seconds after
 * session creation, while those threads take CPU from it on a small machine (bench/README.md). So
 * `batch` (returning ms per step) repeats until two results in a row agree within 10 % and
 * `minMs` have passed, or until `maxMs`. `maxMs` 0 runs one batch only (a slow backend such as a
 * software WebGPU adapter). `now` is the clock, in ms.
 */
export async function settle(
  batch: () => Promise<number>,
  { minMs, maxMs }: MeasurePlan['warmup'],
  now: () => number = () => performance.now(),
): Promise<Warmup> {
  const t0 = now();
  const first = await batch();
  if (maxMs <= 0) {
    const ms = round2(first);
    return { ms: Math.round(now() - t0), batches: 1, firstMs: ms, settledMs: ms };
  }
  let previous = first;
  let batches = 1;
  for (;;) {
    const current = await batch();
    batches++;
    const elapsed = now() - t0;
    if ((agree(previous, current) && elapsed >= minMs) || elapsed >= maxMs) {
      return {
        ms: Math.round(elapsed),
        batches,
        firstMs: round2(first),
        settledMs: round2(current),
      };
    }
    previous = current;
  }
}

/** Two batch times agree when the later is within 10 % of the earlier. */
export const agree = (previous: number, current: number): boolean =>
  Math.abs(current - previous) <= 0.1 * previous;
