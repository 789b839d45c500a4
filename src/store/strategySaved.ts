/**
 * Keeping the strategy settings across reloads and tabs: the decoding chosen, beams, length
 * penalty, window, prompt lookup, k and draft are saved in this browser (localStorage
 * `stepwise-strategy`, like the lesson's chapter), field by field, and read back checked, as any
 * outside input. The URL's parameters win over what was saved, as they do over the saved
 * sampling settings. The strategy run on screen is kept on its own (strategyRunSaved.ts).
 */
import type { PersistOptions, PersistStorage } from 'zustand/middleware';
import { LIMITS, within } from '../engine/limits';
import { modelFromId } from '../engine/modelCatalog';
import { DRAFT_CHOICES } from '../engine/strategies/draftModels';
import { pageStorage } from './pageStorage';
import type { StrategyChoice, StrategyState } from './strategyStore';
import { DECODINGS, parseUrlParams } from './urlParams';

export const STRATEGY_KEY = 'stepwise-strategy';

export type SavedStrategy = Pick<
  StrategyState,
  'choice' | 'beams' | 'lengthPenalty' | 'window' | 'lookup' | 'k' | 'draft'
>;

const CHOICES: readonly StrategyChoice[] = ['chain', ...DECODINGS];

/** The parts of the state that are kept: the settings, never the run on screen. */
export const savedStrategy = (s: StrategyState): SavedStrategy => ({
  choice: s.choice,
  beams: s.beams,
  lengthPenalty: s.lengthPenalty,
  window: s.window,
  lookup: s.lookup,
  k: s.k,
  draft: s.draft,
});

/** A saved number in its range, else undefined (the default or the URL's value stays). */
function savedNumber(value: unknown, name: 'beams' | 'lengthPenalty' | 'window' | 'k') {
  return typeof value === 'number' && within(LIMITS[name], value) ? value : undefined;
}

/**
 * Empty (the loaded model's usual draft), one the page offers, or a Hub, built or picked model: a
 * site folder name the page does not offer reads as a typo, as in `draft=` (urlParams.ts).
 */
function knownDraft(draft: string): boolean {
  const spec = modelFromId(draft);
  return (
    draft === '' || DRAFT_CHOICES.includes(draft) || (spec !== null && spec.origin !== 'local')
  );
}

/** What was saved, each field checked; anything unexpected is left out. */
export function checkSavedStrategy(saved: unknown): Partial<SavedStrategy> {
  if (typeof saved !== 'object' || saved === null) return {};
  const v = saved as Record<string, unknown>;
  const checked: Partial<SavedStrategy> = {
    choice: CHOICES.find((c) => c === v.choice),
    beams: savedNumber(v.beams, 'beams'),
    lengthPenalty: savedNumber(v.lengthPenalty, 'lengthPenalty'),
    window: savedNumber(v.window, 'window'),
    lookup: typeof v.lookup === 'boolean' ? v.lookup : undefined,
    k: savedNumber(v.k, 'k'),
    draft: typeof v.draft === 'string' && knownDraft(v.draft) ? v.draft : undefined,
  };
  return Object.fromEntries(Object.entries(checked).filter(([, x]) => x !== undefined));
}

/**
 * The state after a reload: `current` (the defaults with the URL's values) with the saved settings
 * in the fields the URL of `search` does not set. A `strategy` naming the chain's greedy or
 * sampling (a share link of a chain run) sets the decoding to the chain.
 */
export function withSavedStrategy(
  saved: unknown,
  current: StrategyState,
  search: string,
): StrategyState {
  const { overrides } = parseUrlParams(search);
  const checked = checkSavedStrategy(saved);
  const fromUrl: Partial<SavedStrategy> = {
    choice: overrides.decoding ?? (overrides.strategy ? 'chain' : undefined),
    beams: overrides.beams,
    lengthPenalty: overrides.lengthPenalty,
    window: overrides.window,
    lookup: overrides.lookup,
    k: overrides.k,
    draft: overrides.draft,
  };
  const kept = Object.entries(checked).filter(
    ([name]) => fromUrl[name as keyof SavedStrategy] === undefined,
  );
  return { ...current, ...Object.fromEntries(kept) };
}

/**
 * localStorage written field by field: a tab writes only the settings it changed since it last
 * read or wrote them, onto what is stored, so that two tabs changing different settings keep both
 * changes (the same setting changed in both: the later change). `base` is what a tab holds before
 * any change: the defaults, with what was saved.
 */
function fieldwiseStorage(base: SavedStrategy): PersistStorage<Partial<SavedStrategy>> {
  const storage = pageStorage();
  /** This tab's settings as last read or written. */
  let known: Partial<SavedStrategy> = base;
  const read = (name: string): Partial<SavedStrategy> => {
    const raw = storage.getItem(name);
    if (typeof raw !== 'string') return {};
    try {
      const value = JSON.parse(raw) as { state?: unknown } | null;
      return checkSavedStrategy(value?.state);
    } catch {
      return {}; // unreadable: the defaults
    }
  };
  return {
    getItem: (name) => {
      const state = read(name);
      known = { ...base, ...state };
      return { state, version: VERSION };
    },
    setItem: (name, value) => {
      const changed = Object.entries(value.state).filter(
        ([field, x]) => known[field as keyof SavedStrategy] !== x,
      );
      known = value.state;
      if (changed.length === 0) return; // a change of the run on screen, not of a setting
      const state = { ...read(name), ...Object.fromEntries(changed) };
      storage.setItem(name, JSON.stringify({ state, version: VERSION }));
    },
    removeItem: (name) => storage.removeItem(name),
  };
}

const VERSION = 1;

/**
 * zustand's persist options for the strategy store: `search` gives the page's URL query,
 * `defaults` the settings of a first visit.
 */
export const strategyPersistOptions = (
  search: () => string,
  defaults: StrategyState,
): PersistOptions<StrategyState, Partial<SavedStrategy>> => ({
  name: STRATEGY_KEY,
  version: VERSION,
  storage: fieldwiseStorage(savedStrategy(defaults)),
  partialize: savedStrategy,
  merge: (saved, current) => withSavedStrategy(saved, current, search()),
});
