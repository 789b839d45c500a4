import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialState, useAppStore } from './appStore';
import { foldIfNarrow, NARROW_SCREEN, setFormFolded, useFormFold } from './formFold';

/** A screen `width` px wide, as matchMedia answers for the fold's query. */
function screenWidth(width: number): void {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: query === NARROW_SCREEN && width <= 600,
  }));
}

const startComputing = () => useAppStore.setState((s) => ({ live: { ...s.live, busy: true } }));

beforeEach(() => {
  useAppStore.setState(initialState());
  setFormFolded(false);
});

afterEach(() => vi.unstubAllGlobals());

describe('the settings form on a phone', () => {
  it('folds when the model starts computing on a 390 px screen', () => {
    screenWidth(390);
    startComputing();
    expect(useFormFold.getState().folded).toBe(true);
  });

  it('stays beside the run on a wide screen', () => {
    screenWidth(1280);
    startComputing();
    foldIfNarrow();
    expect(useFormFold.getState().folded).toBe(false);
  });

  it('stays open once unfolded until the model starts again', () => {
    screenWidth(390);
    startComputing();
    setFormFolded(false);
    useAppStore.setState((s) => ({ live: { ...s.live, requestId: 3 } }));
    expect(useFormFold.getState().folded).toBe(false);
    useAppStore.setState((s) => ({ live: { ...s.live, busy: false } }));
    startComputing();
    expect(useFormFold.getState().folded).toBe(true);
  });
});
