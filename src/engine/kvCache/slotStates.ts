/**
 * Saved states of the slots cache, stored as a chain: a state keeps only the token rows written
 * since the state its buffers came from (its parent), and reads older rows through the parent.
 * A beam that reads one token on top of its parent's state then saves one row, not its whole
 * cache, and restoring a sibling rewrites only the rows where the two differ.
 */
import type { CacheState } from './kvCache';

/** Rows `from` to `to` (token positions, end excluded) of a state, held by `owner`. */
export interface Segment {
  owner: SlotCacheState;
  from: number;
  to: number;
}

export class SlotCacheState implements CacheState {
  readonly layout = 'slots';
  /**
   * @param length tokens the state holds
   * @param parent the state holding rows 0 to `from` (null when `from` is 0)
   * @param from the first token whose row is held here
   * @param rows rows `from` to `length`, one array per layer and kind, row after row
   */
  constructor(
    readonly length: number,
    readonly parent: SlotCacheState | null,
    readonly from: number,
    readonly rows: ReadonlyMap<string, Float32Array>,
  ) {
    if (from > 0 && (!parent || parent.length < from)) {
      throw new Error('a saved state needs a parent holding the rows before its own');
    }
  }
}

/**
 * Where the first `end` rows of `state` are held, in order of position: each state of the chain
 * supplies its own rows up to where a later state of the chain takes over.
 */
export function segmentsOf(state: SlotCacheState, end: number): Segment[] {
  const segments: Segment[] = [];
  let limit = Math.min(end, state.length);
  for (let owner: SlotCacheState | null = state; owner && limit > 0; owner = owner.parent) {
    if (owner.from < limit) segments.push({ owner, from: owner.from, to: limit });
    limit = Math.min(limit, owner.from);
  }
  return segments.reverse();
}

/**
 * How many leading rows two states' segment lists hold in the same place: those rows are equal
 * without comparing a number, since a state's rows never change.
 */
export function sharedRows(a: readonly Segment[], b: readonly Segment[]): number {
  let shared = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i].owner !== b[i].owner || a[i].from !== b[i].from) break;
    shared = Math.min(a[i].to, b[i].to);
    if (a[i].to !== b[i].to) break;
  }
  return shared;
}
