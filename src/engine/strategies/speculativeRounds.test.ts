/**
 * Speculative rounds at the edges, on fake decoders whose choices are known: a kept proposal that
 * ends the text (nothing after it is added or counted), and a round with nothing to propose.
 */
import { describe, expect, it } from 'vitest';
import { FakeDecoder } from '../testing/fakeDecoder';
import { roundCounts, speculativeDecode } from './speculative';

const VOCAB = 6;
const EOS = 5;

/** Logits that make `next(last token)` the clear choice. */
const counting = (next: (last: number) => number) => (context: readonly number[]) => {
  const logits = new Float32Array(VOCAB);
  logits[next(context[context.length - 1])] = 5;
  return logits;
};

/** 0 → 1 → 2 → 3 → 4 → 5 (end of text) → 0 …: the draft guesses exactly what the target picks. */
const upByOne = counting((last) => (last + 1) % VOCAB);

const pair = () => ({
  target: new FakeDecoder(upByOne, { vocab: VOCAB, eosTokenId: EOS }),
  draft: new FakeDecoder(upByOne, { vocab: VOCAB, eosTokenId: EOS }),
});

describe('speculative rounds', () => {
  it('add and count nothing after an end-of-text among the kept proposals', async () => {
    const { target, draft } = pair();
    const result = await speculativeDecode(target.asDecoder, draft.asDecoder, [0], {
      k: 8,
      maxTokens: 20,
    });
    expect(result.tokens).toEqual([1, 2, 3, 4, 5]);
    expect(result.stopReason).toBe('eos');
    expect(result.rounds).toHaveLength(1);
    const [round] = result.rounds;
    // The target agreed with all 8 proposals, but only the first 4 reach the text.
    expect(round.proposed).toEqual([2, 3, 4, 5, 0, 1, 2, 3]);
    expect(round.accepted).toBe(8);
    expect(round.added).toEqual([2, 3, 4, 5]);
    expect(roundCounts(round)).toEqual({ proposed: 4, accepted: 4 });
    expect({ proposed: result.proposed, accepted: result.accepted }).toEqual({
      proposed: 4,
      accepted: 4,
    });
  });

  it('count a round whole when its end-of-text is the target’s own token', () => {
    const round = { proposed: [2, 3, 4], accepted: 1, added: [2, EOS] };
    expect(roundCounts(round)).toEqual({ proposed: 3, accepted: 1 });
  });

  it('call the token of a round with nothing proposed the model’s own, not a bonus', async () => {
    const { target, draft } = pair();
    // After the prefill's token one is left: the round proposes nothing.
    const result = await speculativeDecode(target.asDecoder, draft.asDecoder, [0], {
      k: 3,
      maxTokens: 2,
    });
    expect(result.tokens).toEqual([1, 2]);
    const [round] = result.rounds;
    expect(round.proposed).toEqual([]);
    expect(round.tokenKind).toBe('own');
    expect(round.added).toEqual([2]);
    expect(draft.passes).toBe(0);
  });

  it('call the token after every proposal kept a bonus, after a rejection a correction', async () => {
    const target = new FakeDecoder(upByOne, { vocab: VOCAB, eosTokenId: EOS });
    // The draft guesses 0 after 2: the second proposal of the round is wrong.
    const draft = new FakeDecoder(
      counting((last) => (last === 2 ? 0 : (last + 1) % VOCAB)),
      { vocab: VOCAB, eosTokenId: EOS },
    );
    const result = await speculativeDecode(target.asDecoder, draft.asDecoder, [0], {
      k: 2,
      maxTokens: 5,
    });
    expect(result.tokens).toEqual([1, 2, 3, 4, 5]);
    expect(result.rounds.map((r) => [r.proposed, r.accepted, r.tokenKind])).toEqual([
      [[2, 0], 1, 'correction'],
      [[4], 1, 'bonus'],
    ]);
  });
});
