import { describe, expect, it } from 'vitest';
import type { BeamStep } from '../../engine/strategies/beamRecord';
import { beamPaths, formatLogProb, sameTokens } from './beamPaths';

const node = (id: number, parentId: number, tokenId: number) => ({
  id,
  parentId,
  tokenId,
  logProb: -id,
});

describe('beamPaths', () => {
  it('follows each kept and ended beam back through its parents', () => {
    const steps: BeamStep[] = [
      {
        step: 1,
        expansions: [],
        kept: [node(1, 0, 10), node(2, 0, 20)],
        ended: [],
        pruned: [],
        modelMs: 0,
      },
      {
        step: 2,
        expansions: [],
        kept: [node(3, 2, 30), node(4, 2, 40)],
        ended: [{ ...node(5, 1, 50256), score: -2 }],
        pruned: [],
        modelMs: 0,
      },
    ];
    const paths = beamPaths(steps);
    expect(paths.get(0)).toEqual([]);
    expect(paths.get(3)).toEqual([20, 30]);
    expect(paths.get(4)).toEqual([20, 40]);
    expect(paths.get(5)).toEqual([10, 50256]);
  });

  it('compares sequences token for token and formats log-probabilities', () => {
    expect(sameTokens([1, 2], [1, 2])).toBe(true);
    expect(sameTokens([1, 2], [1, 3])).toBe(false);
    expect(sameTokens([1], [1, 2])).toBe(false);
    expect(formatLogProb(-1.234)).toBe('\u22121.23');
    expect(formatLogProb(0)).toBe('0.00');
  });
});
