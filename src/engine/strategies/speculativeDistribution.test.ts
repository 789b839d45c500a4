/**
 * Speculative sampling gives the target's own distribution, checked end to end: fake decoders
 * whose logits depend on the last token only (a Markov chain, so the exact chance of every
 * sequence is known), a draft that disagrees with the target, and many seeded runs whose first
 * generated tokens are chi-squared against the target's exact joint distribution. Reading a
 * proposal against the wrong row of the target's pass, or a wrong row for the bonus token,
 * shifts the counts far past the bound.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { FakeDecoder } from '../testing/fakeDecoder';
import { logitsOf } from '../testing/logitFixtures';
import { speculativeDecode } from './speculative';
import { softmax } from './speculativeRule';

/** Next-token chances after each last token (rows sum to 1). */
const TARGET = [
  [0.1, 0.6, 0.2, 0.1],
  [0.5, 0.1, 0.1, 0.3],
  [0.25, 0.25, 0.4, 0.1],
  [0.05, 0.15, 0.3, 0.5],
];
const DRAFT = [
  [0.4, 0.2, 0.2, 0.2],
  [0.1, 0.1, 0.7, 0.1],
  [0.3, 0.3, 0.2, 0.2],
  [0.25, 0.25, 0.25, 0.25],
];
const VOCAB = 4;
/** Outside the vocabulary: no run ends early. */
const EOS = 99;
const PROMPT = [0];
const TEMPERATURE = 0.8;
const RUNS = 20_000;
/** Chi-square bound at p = 0.001 for 15 degrees of freedom (16 cells); the runs are seeded. */
const CHI2_BOUND = 37.7;

const chain = (rows: number[][]) => {
  const logits = rows.map(logitsOf);
  return (context: readonly number[]) => logits[context[context.length - 1]];
};

/** The target's chance of `next` after `last` at the temperature. */
const targetChance = (last: number, next: number): number =>
  softmax(logitsOf(TARGET[last]), TEMPERATURE)[next];

/**
 * Counts of (tokens[first], tokens[first + 1]) over the runs, and their exact chances under the
 * target's own sampling: the tokens before `first` summed out along the chain.
 */
async function sampleJoint(k: number, maxTokens: number, first: number) {
  const target = new FakeDecoder(chain(TARGET), { vocab: VOCAB, eosTokenId: EOS });
  const draft = new FakeDecoder(chain(DRAFT), { vocab: VOCAB, eosTokenId: EOS });
  const rng = createRng(2024);
  const counts = new Array<number>(VOCAB * VOCAB).fill(0);
  for (let run = 0; run < RUNS; run++) {
    const { tokens } = await speculativeDecode(target.asDecoder, draft.asDecoder, PROMPT, {
      k,
      maxTokens,
      sampling: { temperature: TEMPERATURE, rng },
    });
    counts[tokens[first] * VOCAB + tokens[first + 1]]++;
  }
  // The chance of each token at position `first`, then of each pair.
  let marginal = Array.from({ length: VOCAB }, (_, t) => targetChance(PROMPT[0], t));
  for (let i = 0; i < first; i++) {
    marginal = Array.from({ length: VOCAB }, (_, t) =>
      marginal.reduce((sum, m, last) => sum + m * targetChance(last, t), 0),
    );
  }
  const exact = counts.map((_, cell) => {
    const a = Math.floor(cell / VOCAB);
    return marginal[a] * targetChance(a, cell % VOCAB);
  });
  return { counts, exact };
}

const chiSquare = (counts: number[], exact: number[]): number =>
  counts.reduce((sum, observed, i) => {
    const expected = exact[i] * RUNS;
    return sum + (observed - expected) ** 2 / expected;
  }, 0);

describe('speculative sampling against the target’s exact distribution', () => {
  // maxTokens 4, k 2: the prefill gives token 0, one round proposes 2 and adds 1 to 3 tokens.
  it.each([
    { what: 'the first two tokens of the round', k: 2, maxTokens: 4, first: 1 },
    { what: 'the round’s last proposal and the token after it', k: 2, maxTokens: 4, first: 2 },
    { what: 'the prefill’s token and the first of a round of 3', k: 3, maxTokens: 5, first: 0 },
  ])('matches it for $what', async ({ k, maxTokens, first }) => {
    const { counts, exact } = await sampleJoint(k, maxTokens, first);
    expect(exact.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(chiSquare(counts, exact)).toBeLessThan(CHI2_BOUND);
  });
});
