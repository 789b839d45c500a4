/** The timeline's cells in memoised blocks (Timeline.tsx): a pure helper, tested on its own. */
import type { StepRecord } from '../engine/generation';

/** Cells per memoised block: a new shown step re-renders the blocks of the old and new one only. */
export const BLOCK = 64;

/** Full blocks, by their first step: a run only grows, so a full block never changes. */
const fullBlocks = new WeakMap<StepRecord, StepRecord[]>();

/** The steps in blocks of BLOCK; full blocks are the same arrays from one step to the next. */
export function blocksOf(steps: readonly StepRecord[]): StepRecord[][] {
  const out: StepRecord[][] = [];
  for (let i = 0; i < steps.length; i += BLOCK) {
    const cached = fullBlocks.get(steps[i]);
    if (cached && cached.at(-1) === steps[i + BLOCK - 1]) {
      out.push(cached);
      continue;
    }
    const block = steps.slice(i, i + BLOCK);
    if (block.length === BLOCK) fullBlocks.set(steps[i], block);
    out.push(block);
  }
  return out;
}
