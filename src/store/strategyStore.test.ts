import { beforeEach, describe, expect, it } from 'vitest';
import type { BeamStep } from '../engine/strategies/beamRecord';
import {
  initialStrategyState,
  receiveStrategyEvent,
  setStrategyNumber,
  strategyProblems,
  useStrategyStore,
  type StrategyRun,
} from './strategyStore';

const running = (requestId: number): StrategyRun => ({
  requestId,
  modelId: 'tiny-gpt2',
  settings: { strategy: 'beam', beams: 2, maxSteps: 3, lengthPenalty: 1 },
  promptIds: [1, 2],
  status: 'running',
  beamSteps: [],
  rounds: [],
  outcome: null,
  problem: null,
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
});
