/**
 * Speculative decoding on tiny-gpt2 with its derived draft (tiny-gpt2-draft: the same weights,
 * the second block's writes damped, scripts/makeModel.ts) under onnxruntime-node: greedy gives
 * the target's plain greedy tokens exactly, on the Hub and slots files, for several k and
 * prompts; the rounds add up; rejected rows leave both caches. Sampling keeps consistent rounds
 * and its seed decides its tokens (the rule itself is tested in speculativeRule.test.ts).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { Generation, runToEnd } from '../generation';
import type { KvCacheDecoder } from '../decoder';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../modelCatalog';
import { createRng } from '../rng';
import { topIndices } from '../topK';
import { greedy, TINY_DIR } from '../testing/tinyGeneration';
import { encodeText } from '../tokenizer';
import { speculativeDecode, type SpeculativeResult } from './speculative';

const DRAFT_DIR = fileURLToPath(new URL('../../../public/models/tiny-gpt2-draft', import.meta.url));
const PROMPTS = [
  'Once upon a time',
  'The quick brown fox jumps over',
  'def main():\n    return',
].map(encodeText);
const TOKENS = 56;
const KS = [1, 3, 8];
/** The machine is shared: generous, never a timing assertion. */
const SLOW = 300_000;

async function greedyTokens(decoder: KvCacheDecoder, prompt: number[], maxSteps: number) {
  const generation = await Generation.start(decoder, prompt, { maxSteps, sampling: greedy });
  const tokens: number[] = [];
  await runToEnd(generation, (record) => tokens.push(record.tokenId));
  return tokens;
}

/**
 * Checks that the rounds tell the run's story: proposals, kept prefix, the target's token. The
 * runs here never near the context (256 positions), so only `maxTokens` shortens a round.
 */
function expectConsistentRounds(
  result: SpeculativeResult,
  k: number,
  maxTokens: number,
  isGreedy: boolean,
): void {
  const generated = [result.tokens[0]];
  let draftPasses = 0;
  for (const round of result.rounds) {
    const { proposed, targetTokens, accepted, token, added } = round;
    // k proposals, fewer only where fewer tokens are still wanted (one is the target's).
    expect(proposed).toHaveLength(Math.min(k, maxTokens - generated.length - 1));
    expect(targetTokens).toHaveLength(proposed.length + 1);
    expect(accepted).toBeLessThanOrEqual(proposed.length);
    const kind =
      proposed.length === 0 ? 'own' : accepted === proposed.length ? 'bonus' : 'correction';
    expect(round.tokenKind).toBe(kind);
    if (isGreedy) {
      // Every kept proposal is the target's choice; the first rejected one is not.
      expect(proposed.slice(0, accepted)).toEqual(targetTokens.slice(0, accepted));
      expect(token).toBe(targetTokens[accepted]);
      if (accepted < proposed.length) expect(proposed[accepted]).not.toBe(token);
    }
    expect(added).toEqual([...proposed.slice(0, accepted), token]);
    generated.push(...added);
    draftPasses += proposed.length;
    expect(round.generated).toBe(generated.length);
    expect(round.targetPasses).toBe(round.round + 1);
    expect(round.draftPasses).toBe(draftPasses);
  }
  expect(generated).toEqual(result.tokens);
  expect(result.targetPasses).toBe(result.rounds.length + 1);
  expect(result.draftPasses).toBe(draftPasses);
  expect(result.accepted).toBe(result.rounds.reduce((sum, r) => sum + r.accepted, 0));
}

describe.each([
  { name: 'hf', file: HF_MODEL_FILE },
  { name: 'slots', file: SLOTS_MODEL_FILE },
])('speculative decoding on tiny-gpt2, $name files', ({ file }) => {
  let target: NodeModel;
  let draft: NodeModel;

  beforeAll(async () => {
    target = await loadNodeModel(TINY_DIR, file);
    draft = await loadNodeModel(DRAFT_DIR, file);
    // The same shape and vocabulary; the weights of its second block differ.
    expect(draft.shape).toEqual(target.shape);
  });

  afterAll(async () => {
    await target?.session.release();
    await draft?.session.release();
  });

  it(
    `greedy gives exactly the target's greedy tokens for k = ${KS.join(', ')} (${TOKENS} tokens, ${PROMPTS.length} prompts)`,
    async () => {
      const rates: string[] = [];
      let proposed = 0;
      let accepted = 0;
      for (const prompt of PROMPTS) {
        const expected = await greedyTokens(target.decoder, prompt, TOKENS);
        expect(expected).toHaveLength(TOKENS);
        for (const k of KS) {
          const result = await speculativeDecode(target.decoder, draft.decoder, prompt, {
            k,
            maxTokens: TOKENS,
          });
          expect(result.tokens).toEqual(expected);
          expect(result.stopReason).toBe('max_tokens');
          expectConsistentRounds(result, k, TOKENS, true);
          // The target holds what it read: the prompt and every token but the last.
          expect(target.decoder.tokens).toEqual([...prompt, ...expected.slice(0, -1)]);
          // The draft holds no rejected proposal: only a prefix of what is known.
          const known = [...prompt, ...expected];
          expect(draft.decoder.tokens).toEqual(known.slice(0, draft.decoder.length));
          proposed += result.proposed;
          accepted += result.accepted;
          rates.push(`${k}:${result.accepted}/${result.proposed}`);
        }
      }
      const rate = accepted / proposed;
      console.log(
        `greedy acceptance ${rate.toFixed(3)} (${accepted}/${proposed}); ${rates.join(' ')}`,
      );
      // The derived draft agrees with the target often, but not always.
      expect(rate).toBeGreaterThan(0);
      expect(rate).toBeLessThan(1);
    },
    SLOW,
  );

  it('appendRows hands on the logits after every fed token, as appendAll and append read them', async () => {
    const prompt = PROMPTS[1];
    const fed = [11, 22, 33, 44];
    const { decoder, shape } = target;
    decoder.reset();
    await decoder.append(prompt);
    const { rows } = await decoder.appendRows(fed);
    expect(rows).toHaveLength(fed.length * shape.vocab);
    expect(decoder.tokens).toEqual([...prompt, ...fed]);
    await decoder.rollback(prompt.length);
    const { argmaxAll } = await decoder.appendAll(fed);
    const row = (i: number) => rows.subarray(i * shape.vocab, (i + 1) * shape.vocab);
    expect(fed.map((_, i) => topIndices(row(i), 1)[0])).toEqual(argmaxAll);
    await decoder.rollback(prompt.length + fed.length - 1);
    const { logits } = await decoder.append(fed.slice(-1));
    let worst = 0;
    for (let j = 0; j < shape.vocab; j++) worst = Math.max(worst, Math.abs(logits[j] - row(3)[j]));
    expect(worst).toBeLessThan(1e-3);
  });

  it(
    'with the target as its own draft keeps every proposal',
    async () => {
      const twin = await loadNodeModel(TINY_DIR, file);
      try {
        const prompt = PROMPTS[0];
        const result = await speculativeDecode(target.decoder, twin.decoder, prompt, {
          k: 4,
          maxTokens: 21,
        });
        expect(result.tokens).toEqual(await greedyTokens(target.decoder, prompt, 21));
        expect(result.accepted).toBe(result.proposed);
        // The prefill gives 1 token, each round 5.
        expect(result.targetPasses).toBe(1 + 4);
        expectConsistentRounds(result, 4, 21, true);
      } finally {
        await twin.session.release();
      }
    },
    SLOW,
  );

  it(
    'hands rounds over as they come, and a stop between rounds keeps whole rounds',
    async () => {
      const prompt = PROMPTS[1];
      const expected = await greedyTokens(target.decoder, prompt, TOKENS);
      const seen: number[] = [];
      let asked = 0;
      const result = await speculativeDecode(
        target.decoder,
        draft.decoder,
        prompt,
        { k: 3, maxTokens: TOKENS },
        { onRound: (round) => seen.push(round.round), shouldStop: () => ++asked > 3 },
      );
      expect(result.stopReason).toBe('stopped');
      expect(seen).toEqual([1, 2, 3]);
      expect(result.tokens).toEqual(expected.slice(0, result.tokens.length));
      expectConsistentRounds(result, 3, TOKENS, true);
    },
    SLOW,
  );

  it(
    'sampling keeps consistent rounds, and the same seed gives the same tokens',
    async () => {
      const prompt = PROMPTS[2];
      const temperature = 0.8;
      const result = await speculativeDecode(target.decoder, draft.decoder, prompt, {
        k: 4,
        maxTokens: 30,
        sampling: { temperature, rng: createRng(11) },
      });
      expect(result.tokens).toHaveLength(30);
      expectConsistentRounds(result, 4, 30, false);
      for (const round of result.rounds) {
        const probabilities = round.acceptProbabilities ?? [];
        // One check per kept proposal, and one for the rejected one if any.
        const checked = Math.min(round.proposed.length, round.accepted + 1);
        expect(probabilities).toHaveLength(checked);
        for (const p of probabilities) expect(p).toBeGreaterThanOrEqual(0);
        for (const p of probabilities) expect(p).toBeLessThanOrEqual(1);
        // Each check's p(x) and q(x) give its min(1, p/q); the draft drew x, so q(x) > 0.
        const { targetProbs = [], draftProbs = [] } = round;
        expect(targetProbs).toHaveLength(checked);
        expect(draftProbs).toHaveLength(checked);
        probabilities.forEach((a, i) => {
          expect(draftProbs[i]).toBeGreaterThan(0);
          expect(a).toBeCloseTo(Math.min(1, targetProbs[i] / draftProbs[i]), 12);
        });
        // The round's token had a chance in what it was drawn from (residual or p).
        expect(round.tokenProb).toBeGreaterThan(0);
        expect(round.tokenProb).toBeLessThanOrEqual(1);
      }
      expect(result.rounds.some((r) => r.tokenKind === 'correction')).toBe(true);
      // The same seed gives the same tokens.
      const again = await speculativeDecode(target.decoder, draft.decoder, prompt, {
        k: 4,
        maxTokens: 30,
        sampling: { temperature, rng: createRng(11) },
      });
      expect(again.tokens).toEqual(result.tokens);
      expect(again.rounds.map((r) => r.tokenProb)).toEqual(result.rounds.map((r) => r.tokenProb));
    },
    SLOW,
  );

  it('refuses k outside 1 to 8, a draft of another vocabulary, and the target as its own draft', async () => {
    const prompt = PROMPTS[0];
    for (const k of [0, 9, 1.5]) {
      await expect(
        speculativeDecode(target.decoder, draft.decoder, prompt, { k, maxTokens: 5 }),
      ).rejects.toThrow(/from 1 to 8/);
    }
    await expect(
      speculativeDecode(target.decoder, target.decoder, prompt, { k: 2, maxTokens: 5 }),
    ).rejects.toThrow(/decoder of its own/);
    const other = Object.create(draft.decoder) as KvCacheDecoder;
    Object.defineProperty(other, 'shape', { value: { ...draft.shape, vocab: 1000 } });
    await expect(
      speculativeDecode(target.decoder, other, prompt, { k: 2, maxTokens: 5 }),
    ).rejects.toThrow(/vocabulary \(1000\) differs/);
  });
});
