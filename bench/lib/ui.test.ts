import { describe, expect, it } from 'vitest';
import { lengthenRunFile } from './ui';

describe('lengthenRunFile', () => {
  const exported = JSON.stringify({
    version: 1,
    run: {
      promptIds: [10, 11, 12],
      config: { maxSteps: 2 },
      steps: [
        { step: 1, contextLength: 3, tokenId: 7 },
        { step: 2, contextLength: 4, tokenId: 8 },
      ],
    },
  });

  it('repeats the recorded steps up to the length asked for, renumbered', () => {
    const file = JSON.parse(lengthenRunFile(exported, 5));
    expect(file.version).toBe(1);
    expect(file.run.config.maxSteps).toBe(5);
    expect(file.run.steps).toEqual([
      { step: 1, contextLength: 3, tokenId: 7 },
      { step: 2, contextLength: 4, tokenId: 8 },
      { step: 3, contextLength: 5, tokenId: 7 },
      { step: 4, contextLength: 6, tokenId: 8 },
      { step: 5, contextLength: 7, tokenId: 7 },
    ]);
  });

  it('never lowers the run’s step limit', () => {
    const file = JSON.parse(lengthenRunFile(exported, 1));
    expect(file.run.steps).toHaveLength(1);
    expect(file.run.config.maxSteps).toBe(2);
  });
});
