import { beforeEach, describe, expect, it } from 'vitest';
import type { BeamStep } from '../engine/strategies/beamRecord';
import type { SpeculativeRound } from '../engine/strategies/speculative';
import { receiveStrategyEvent } from './strategyEvents';
import {
  draftFor,
  initialStrategyState,
  setStrategyNumber,
  startedRun,
  strategyProblems,
  useStrategyStore,
  type StrategyRun,
} from './strategyStore';

const running = (requestId: number): StrategyRun =>
  startedRun({
    requestId,
    modelId: 'tiny-gpt2',
    settings: { strategy: 'beam', beams: 2, maxSteps: 3, lengthPenalty: 1 },
    promptIds: [1, 2],
    status: 'running',
  });

const step = (n: number): BeamStep => ({
  step: n,
  expansions: [],
  kept: [{ id: n, parentId: n - 1, tokenId: 100 + n, logProb: -n }],
  ended: [],
  pruned: [],
  modelMs: 1,
});

beforeEach(() => useStrategyStore.setState(initialStrategyState('')));

describe('strategyStore', () => {
  it('reads the strategy and its settings from the URL, the defaults otherwise', () => {
    expect(initialStrategyState('?strategy=jacobi&window=6')).toMatchObject({
      choice: 'jacobi',
      window: 6,
      beams: 3,
    });
    expect(initialStrategyState('?strategy=sample&beams=5')).toMatchObject({
      choice: 'chain',
      beams: 5,
    });
    expect(initialStrategyState('?strategy=beam&beams=9').beams).toBe(3);
  });

  it('marks the chosen strategy’s settings that are out of range', () => {
    useStrategyStore.setState({ choice: 'beam' });
    setStrategyNumber('beams', 9);
    setStrategyNumber('window', 0);
    expect(strategyProblems(useStrategyStore.getState())).toEqual(['beams']);
    useStrategyStore.setState({ choice: 'jacobi' });
    expect(strategyProblems(useStrategyStore.getState())).toEqual(['window']);
  });

  it('adds the events of the run shown and ignores those of another request', () => {
    useStrategyStore.setState({ run: running(7) });
    expect(receiveStrategyEvent({ kind: 'beam-step', id: 7, step: step(1) })).toBe(true);
    expect(receiveStrategyEvent({ kind: 'beam-step', id: 6, step: step(9) })).toBe(true);
    expect(receiveStrategyEvent({ kind: 'beam-step', id: 7, step: step(2) })).toBe(true);
    expect(useStrategyStore.getState().run?.beamSteps.map((s) => s.step)).toEqual([1, 2]);
    const outcome = {
      strategy: 'beam' as const,
      final: [{ id: 2, tokens: [101, 102], logProb: -2, score: -1, ended: false }],
      stopReason: 'stopped' as const,
      modelPasses: 3,
      ms: 10,
      greedy: null,
    };
    receiveStrategyEvent({ kind: 'strategy-done', id: 7, outcome });
    expect(useStrategyStore.getState().run).toMatchObject({ status: 'stopped', outcome });
    expect(receiveStrategyEvent({ kind: 'paused', id: 7, steps: 1 })).toBe(false);
  });

  it('reads speculative decoding’s k and draft from the URL, and uses the usual draft otherwise', () => {
    const state = initialStrategyState('?strategy=speculative&k=6&draft=tiny-gpt2-draft');
    expect(state).toMatchObject({ choice: 'speculative', k: 6, draft: 'tiny-gpt2-draft' });
    expect(initialStrategyState('?strategy=speculative&k=9').k).toBe(4);
    const plain = initialStrategyState('?strategy=speculative');
    expect(draftFor(plain, 'tiny-gpt2')).toBe('tiny-gpt2-draft');
    expect(draftFor(plain, 'mine@files')).toBeNull();
    expect(draftFor(state, 'gpt2')).toBe('tiny-gpt2-draft');
    useStrategyStore.setState({ choice: 'speculative' });
    setStrategyNumber('k', 0);
    expect(strategyProblems(useStrategyStore.getState())).toEqual(['k']);
  });

  it('shows the draft loading, then the speculative rounds as they come', () => {
    useStrategyStore.setState({ run: running(8) });
    const load = { modelId: 'tiny-gpt2-draft', phase: 'download' as const, loaded: 5, total: 10 };
    receiveStrategyEvent({ kind: 'draft-progress', id: 8, ...load });
    expect(useStrategyStore.getState().run?.draftLoad).toEqual(load);
    const round: SpeculativeRound = {
      round: 1,
      proposed: [5, 6],
      targetTokens: [5, 7, 9],
      accepted: 1,
      token: 7,
      tokenKind: 'correction',
      added: [5, 7],
      draftMs: 1,
      targetMs: 2,
      draftPasses: 2,
      targetPasses: 2,
      generated: 3,
    };
    expect(receiveStrategyEvent({ kind: 'spec-round', id: 8, round })).toBe(true);
    expect(receiveStrategyEvent({ kind: 'spec-round', id: 9, round })).toBe(true);
    const run = useStrategyStore.getState().run;
    expect(run?.specRounds).toEqual([round]);
    expect(run?.draftLoad).toBeNull();
  });
});
