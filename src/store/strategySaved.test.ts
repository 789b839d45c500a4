/**
 * The strategy settings across reloads and tabs: each page load is a new store on the same
 * localStorage, as a reload or a second tab is; the URL's parameters win over what was saved.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { checkSavedStrategy, STRATEGY_KEY, strategyPersistOptions } from './strategySaved';
import { initialStrategyState, type StrategyState } from './strategyStore';

/** localStorage as the browser shares it between a page's loads and its tabs. */
let items: Map<string, string>;

/** A page load with `search` as its URL's query: the store as the app makes it. */
function load(search = '') {
  return create<StrategyState>()(
    persist(
      () => initialStrategyState(search),
      strategyPersistOptions(() => search, initialStrategyState('')),
    ),
  );
}

beforeEach(() => {
  items = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  });
});

afterEach(() => vi.unstubAllGlobals());

describe('the strategy settings', () => {
  it('come back after a reload without URL parameters, and the run on screen does not', () => {
    // Every setting changed from its default: each must come back as it was set.
    const settings: Partial<StrategyState> = {
      choice: 'speculative',
      beams: 5,
      lengthPenalty: 2.5,
      window: 6,
      lookup: true,
      k: 7,
      draft: 'Xenova/distilgpt2@hub',
    };
    const page = load();
    page.setState({ ...settings, selectedStep: 3 });
    const saved = JSON.parse(items.get(STRATEGY_KEY) ?? '{}') as { state: object };
    expect(Object.keys(saved.state).sort()).toEqual(
      ['beams', 'choice', 'draft', 'k', 'lengthPenalty', 'lookup', 'window'].sort(),
    );
    expect(load().getState()).toMatchObject({ ...settings, run: null, selectedStep: null });
  });

  it('start from the defaults on a first visit', () => {
    expect(load().getState()).toEqual(initialStrategyState(''));
  });

  it('give way to the URL’s parameters, field by field', () => {
    load().setState({ choice: 'beam', beams: 6, lengthPenalty: 0.5, window: 2, k: 2 });
    const state = load('?strategy=jacobi&window=7&beams=2').getState();
    expect(state).toMatchObject({
      choice: 'jacobi',
      window: 7,
      beams: 2,
      lengthPenalty: 0.5,
      k: 2,
    });
    // A link of a chain run (greedy or sampling) opens on the chain, not the saved strategy.
    expect(load('?strategy=sample').getState().choice).toBe('chain');
    expect(load('?strategy=greedy&k=5').getState()).toMatchObject({ choice: 'chain', k: 5 });
    // An invalid parameter is ignored: the saved value stays.
    expect(load('?beams=99').getState()).toMatchObject({ choice: 'beam', beams: 6 });
    // Jacobi's prompt lookup: the saved choice, unless the URL says otherwise.
    load().setState({ lookup: true });
    expect(load('?strategy=jacobi').getState().lookup).toBe(true);
    expect(load('?strategy=jacobi&lookup=0').getState().lookup).toBe(false);
    expect(initialStrategyState('?lookup=1').lookup).toBe(true);
  });

  it('keep what each of two tabs changed; the same setting changed in both: the later', () => {
    const first = load();
    const second = load();
    first.setState({ choice: 'jacobi', window: 3 });
    second.setState({ choice: 'beam', beams: 4 });
    expect(load().getState()).toMatchObject({ choice: 'beam', beams: 4, window: 3 });
    first.setState({ window: 5 });
    expect(load().getState()).toMatchObject({ choice: 'beam', beams: 4, window: 5 });
    // A change of the run on screen writes nothing.
    const before = items.get(STRATEGY_KEY);
    second.setState({ selectedStep: 2 });
    expect(items.get(STRATEGY_KEY)).toBe(before);
  });

  it('read back checked: values out of range or of another kind fall back on the defaults', () => {
    expect(
      checkSavedStrategy({
        choice: 'sideways',
        beams: 9,
        lengthPenalty: '1',
        window: 2.5,
        lookup: 'yes',
        k: 0,
        draft: 'no-such-model',
      }),
    ).toEqual({});
    expect(checkSavedStrategy(null)).toEqual({});
    expect(checkSavedStrategy({ choice: 'chain', k: 8, draft: '' })).toEqual({
      choice: 'chain',
      k: 8,
      draft: '',
    });
    items.set(STRATEGY_KEY, JSON.stringify({ state: { beams: 0, window: 8 }, version: 1 }));
    expect(load().getState()).toMatchObject({ beams: 3, window: 8 });
    items.set(STRATEGY_KEY, 'not json');
    expect(load().getState()).toEqual(initialStrategyState(''));
  });
});
