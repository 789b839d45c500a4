import { describe, expect, it } from 'vitest';
import { lookUpContinuation, promptLookup } from './promptLookup';

describe('lookUpContinuation', () => {
  it('proposes what followed the latest earlier occurrence of the longest matching tail', () => {
    // The tail "1 2 3" came twice before: the later occurrence, followed by 7 8, wins (and the
    // tail itself follows those).
    const context = [1, 2, 3, 4, 5, 9, 1, 2, 3, 7, 8, 1, 2, 3];
    expect(lookUpContinuation(context, 2)).toEqual([7, 8]);
    expect(lookUpContinuation(context, 3)).toEqual([7, 8, 1]);
    // "6 2 3" never came before; "2 3" did, latest before 7 8.
    expect(lookUpContinuation([...context.slice(0, -3), 6, 2, 3], 2)).toEqual([7, 8]);
  });

  it('falls back to shorter tails, then to nothing', () => {
    expect(lookUpContinuation([5, 6, 7, 1, 9, 9, 7], 2)).toEqual([1, 9]);
    expect(lookUpContinuation([5, 6, 7, 8], 2)).toEqual([]);
    expect(lookUpContinuation([5], 2)).toEqual([]);
    expect(lookUpContinuation([], 2)).toEqual([]);
  });

  it('continues a loop with the tokens it has seen, no more than asked', () => {
    expect(lookUpContinuation([4, 1, 2, 1, 2, 1], 5)).toEqual([2, 1]);
    expect(lookUpContinuation([4, 1, 2, 1, 2, 1], 1)).toEqual([2]);
  });

  it('looks no further back than maxNgram tokens of tail', () => {
    // With a 1-token tail the latest "3" is followed by 0; with 2 tokens "2 3" by 9.
    const context = [2, 3, 9, 8, 3, 0, 2, 3];
    expect(lookUpContinuation(context, 1, 1)).toEqual([0]);
    expect(lookUpContinuation(context, 1, 2)).toEqual([9]);
  });
});

describe('promptLookup', () => {
  it('looks in the prompt and the generated tokens together', () => {
    const propose = promptLookup([10, 11, 12, 13]);
    expect(propose([10, 11], 2)).toEqual([12, 13]);
    expect(propose([20], 2)).toEqual([]);
  });
});
