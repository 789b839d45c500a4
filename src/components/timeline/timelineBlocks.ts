/** The timeline's cells in memoised blocks, and which to draw (TimelineTrack.tsx): pure helpers. */
import type { StepRecord } from '../../engine/generation';
import { blockMemo } from '../shared/blockMemo';

/**
 * Cells per block: the unit of memoisation (a new shown step re-renders the blocks of the old and
 * the new one only) and of drawing (only blocks near the view are in the page).
 */
export const BLOCK = 16;

const stepBlock = blockMemo<StepRecord, StepRecord>(BLOCK, (steps) => [...steps]);

/** The steps in blocks of BLOCK; full blocks are the same arrays from one step to the next. */
export function blocksOf(steps: readonly StepRecord[]): StepRecord[][] {
  const out: StepRecord[][] = [];
  for (let i = 0; i < steps.length; i += BLOCK) out.push(stepBlock(steps, i));
  return out;
}

/** The part of a scroller on screen, in px along its scrolling axis. */
export interface View {
  start: number;
  size: number;
}

/**
 * The blocks to draw, in order: those within one view's length of the view on either side (so a
 * scroll or a drag shows drawn cells before the next frame catches up), plus `pinned` (the block
 * of the shown step, which must exist in the page wherever the view is). A view past the end (a
 * longer list was scrolled there; the browser clamps the offset but reports it a frame later) is
 * taken as the end's, so the list is not drawn blank for that frame.
 */
export function blocksToDraw(
  blockCount: number,
  blockPx: number,
  view: View,
  pinned: number | null,
): number[] {
  if (blockCount <= 0) return [];
  const start = Math.min(view.start, Math.max(0, blockCount * blockPx - view.size));
  const first = Math.max(0, Math.floor((start - view.size) / blockPx));
  const last = Math.min(blockCount - 1, Math.floor((start + 2 * view.size) / blockPx));
  const out: number[] = [];
  for (let b = first; b <= last; b++) out.push(b);
  if (pinned !== null && pinned >= 0 && pinned < blockCount && (pinned < first || pinned > last)) {
    out.push(pinned);
    out.sort((a, b) => a - b);
  }
  return out;
}

/** A drawn block, or the blocks between two drawn ones (or before the first, after the last). */
export type Slot = { kind: 'block'; block: number } | { kind: 'gap'; from: number; to: number };

/**
 * The drawn blocks with the gaps between them, covering blocks 0 … blockCount − 1 in order; a gap
 * holds blocks `from` up to, not including, `to`, and is drawn as an empty box of their size.
 */
export function slotsOf(drawn: readonly number[], blockCount: number): Slot[] {
  const slots: Slot[] = [];
  let next = 0;
  for (const block of drawn) {
    if (block > next) slots.push({ kind: 'gap', from: next, to: block });
    slots.push({ kind: 'block', block });
    next = block + 1;
  }
  if (next < blockCount) slots.push({ kind: 'gap', from: next, to: blockCount });
  return slots;
}

/** Width of one step cell in px (also in Timeline.css): fixed, so a pointer maps to a step. */
export const CELL = 64;

/** The prefill block's width per prompt token, and its bounds, in px. */
const PREFILL_PX_PER_TOKEN = 16;
const PREFILL_MIN_PX = 96;
const PREFILL_MAX_PX = 256;

/**
 * The prefill block's width: it grows with the prompt (it computed every prompt position), from
 * room for its label up to four cells, so a long prompt does not push the steps out of view.
 */
export const prefillWidth = (promptTokens: number): number =>
  Math.min(PREFILL_MAX_PX, Math.max(PREFILL_MIN_PX, promptTokens * PREFILL_PX_PER_TOKEN));

/**
 * The step under a point `x` px from the track's start (scroll included): 0 on the prefill block
 * (`prefillPx` wide), then one step per cell, the last step past the end.
 */
export function stepAtX(x: number, prefillPx: number, stepCount: number): number {
  if (x < prefillPx) return 0;
  return Math.min(stepCount, Math.floor((x - prefillPx) / CELL) + 1);
}

/** Where step `step` (0: the prefill) starts along the track and how wide it is, in px. */
export const stepSpan = (step: number, prefillPx: number): { start: number; size: number } =>
  step === 0 ? { start: 0, size: prefillPx } : { start: prefillPx + (step - 1) * CELL, size: CELL };
