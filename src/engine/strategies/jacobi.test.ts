/**
 * Jacobi decoding on tiny-gpt2, on the Hub file and on the slots file (which gives the argmax at
 * every fed position from its `argmax_all` output): the tokens are greedy decoding's on the same
 * file exactly, for every window, in no more model passes, and each round's record adds up. On
 * the 8-bit slots file only window 1 can be exact (see the last describe).
 */
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { KvCacheDecoder } from '../decoder';
import { Generation, runToEnd } from '../generation';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE, SLOTS_Q8_FILE } from '../modelCatalog';
import { greedy, TINY_DIR } from '../testing/tinyGeneration';
import { encodeText } from '../tokenizer';
import { jacobiDecode, type JacobiResult } from './jacobi';
import { promptLookup } from './promptLookup';

const PROMPTS = [
  'Once upon a time',
  'The quick brown fox jumps over',
  'def main():\n    return',
].map(encodeText);
const TOKENS = 42;

/** The tokens of a greedy Generation, one model run per token. */
async function greedyTokens(
  decoder: KvCacheDecoder,
  prompt: number[],
  maxSteps: number,
): Promise<number[]> {
  const generation = await Generation.start(decoder, prompt, { maxSteps, sampling: greedy });
  const tokens: number[] = [];
  await runToEnd(generation, (record) => tokens.push(record.tokenId));
  return tokens;
}

/** Checks that the rounds tell the run's story: what was fed, fixed, rejected, in order. */
function expectConsistentRounds(result: JacobiResult, window: number): void {
  let next = result.tokens[0];
  const generated = [next];
  for (const round of result.rounds) {
    const { fed, predicted, accepted, rejected } = round;
    expect(fed[0]).toBe(next);
    expect(fed.length).toBeLessThanOrEqual(window);
    expect(predicted).toHaveLength(fed.length);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(accepted).toEqual(predicted.slice(0, accepted.length));
    // Every accepted token after the first was guessed right; the first rejected one was wrong.
    const m = fed.length - rejected.length;
    expect(fed.slice(1, m)).toEqual(predicted.slice(0, m - 1));
    expect(rejected).toEqual(fed.slice(m));
    if (rejected.length > 0) expect(rejected[0]).not.toBe(predicted[m - 1]);
    generated.push(...accepted);
    expect(round.generated).toBe(generated.length);
    expect(round.modelPasses).toBe(round.round + 1);
    expect(round.modelPasses).toBeLessThanOrEqual(round.generated);
    next = accepted[accepted.length - 1];
  }
  expect(generated).toEqual(result.tokens);
  expect(result.modelPasses).toBe(result.rounds.length + 1);
  expect(result.modelPasses).toBeLessThanOrEqual(result.tokens.length);
}

describe.each([
  { name: 'hf', file: HF_MODEL_FILE, layout: 'hf' },
  { name: 'slots', file: SLOTS_MODEL_FILE, layout: 'slots' },
])('Jacobi decoding on tiny-gpt2, $name file', ({ file, layout }) => {
  let tiny: NodeModel;

  beforeAll(async () => {
    tiny = await loadNodeModel(TINY_DIR, file);
    expect(tiny.decoder.layout).toBe(layout);
    expect(tiny.decoder.allPositionsProblem).toBeNull();
  });

  afterAll(async () => {
    await tiny?.session.release();
  });

  it(`gives exactly the greedy tokens for windows 1 to 6 (${TOKENS} tokens, ${PROMPTS.length} prompts) in no more passes`, async () => {
    const passes: string[] = [];
    for (const prompt of PROMPTS) {
      const expected = await greedyTokens(tiny.decoder, prompt, TOKENS);
      expect(expected).toHaveLength(TOKENS);
      for (let window = 1; window <= 6; window++) {
        const result = await jacobiDecode(tiny.decoder, prompt, { window, maxTokens: TOKENS });
        expect(result.tokens).toEqual(expected);
        expect(result.stopReason).toBe('max_tokens');
        expectConsistentRounds(result, window);
        // Only the last fixed token is not read yet: the rejected rows really left the cache.
        expect(tiny.decoder.tokens).toEqual([...prompt, ...expected.slice(0, -1)]);
        if (window === 1) expect(result.modelPasses).toBe(TOKENS);
        passes.push(`${window}:${result.modelPasses}`);
      }
    }
    console.log(`model passes for ${TOKENS} tokens by window: ${passes.join(' ')}`);
  });

  it('hands each round over as it is made, and a stop between rounds keeps greedy tokens', async () => {
    const prompt = PROMPTS[1];
    const expected = await greedyTokens(tiny.decoder, prompt, TOKENS);
    const seen: number[] = [];
    const whole = await jacobiDecode(
      tiny.decoder,
      prompt,
      { window: 3, maxTokens: TOKENS },
      { onRound: (round) => seen.push(round.round) },
    );
    expect(seen).toEqual(whole.rounds.map((r) => r.round));
    let asked = 0;
    const stopped = await jacobiDecode(
      tiny.decoder,
      prompt,
      { window: 3, maxTokens: TOKENS },
      { shouldStop: () => ++asked > 2 },
    );
    expect(stopped.stopReason).toBe('stopped');
    expect(stopped.rounds).toHaveLength(2);
    expect(stopped.tokens.length).toBeLessThan(TOKENS);
    expect(stopped.tokens).toEqual(expected.slice(0, stopped.tokens.length));
  });

  it('fixes a whole window per pass when every guess is right, and any guesses give greedy tokens', async () => {
    const prompt = PROMPTS[0];
    const expected = await greedyTokens(tiny.decoder, prompt, TOKENS);
    const oracle = (generated: readonly number[], count: number): number[] =>
      expected.slice(generated.length, generated.length + count);
    const wrong = (generated: readonly number[], count: number): number[] =>
      oracle(generated, count).map((id) => (id + 1) % tiny.shape.vocab);
    for (const window of [2, 3, 5, 8]) {
      const right = await jacobiDecode(tiny.decoder, prompt, {
        window,
        maxTokens: TOKENS,
        propose: oracle,
      });
      expect(right.tokens).toEqual(expected);
      expect(right.rounds.every((r) => r.rejected.length === 0)).toBe(true);
      // The prefill fixes the first token; each pass then fixes `window` more.
      expect(right.modelPasses).toBe(1 + Math.ceil((TOKENS - 1) / window));
      expectConsistentRounds(right, window);
      const misled = await jacobiDecode(tiny.decoder, prompt, {
        window,
        maxTokens: TOKENS,
        propose: wrong,
      });
      expect(misled.tokens).toEqual(expected);
      expectConsistentRounds(misled, window);
    }
    await expect(
      jacobiDecode(tiny.decoder, prompt, { window: 3, maxTokens: 5, propose: () => [-1] }),
    ).rejects.toThrow(/token ids from 0/);
  });

  it('with prompt lookup gives the greedy tokens, fixing whole windows where the text repeats', async () => {
    const prompt = PROMPTS[2];
    const expected = await greedyTokens(tiny.decoder, prompt, TOKENS);
    for (const window of [3, 6]) {
      const plain = await jacobiDecode(tiny.decoder, prompt, {
        window,
        maxTokens: TOKENS,
        propose: promptLookup(prompt),
      });
      expect(plain.tokens).toEqual(expected);
      expectConsistentRounds(plain, window);
      // Looked up in a text that already holds the answer, every guess is right.
      const repeated = await jacobiDecode(tiny.decoder, prompt, {
        window,
        maxTokens: TOKENS,
        propose: promptLookup([...prompt, ...expected]),
      });
      expect(repeated.tokens).toEqual(expected);
      expect(repeated.modelPasses).toBe(1 + Math.ceil((TOKENS - 1) / window));
      console.log(
        `window ${window}: prompt lookup ${plain.modelPasses} passes, over the answer ` +
          `${repeated.modelPasses}, for ${TOKENS} tokens`,
      );
    }
  });

  it('goes up to the last token the context holds, and stops there', async () => {
    // A long prompt leaves room for 30 tokens.
    const prompt = Array.from({ length: tiny.shape.context - 29 }, (_, i) => (i * 389) % 50000);
    const maxSteps = tiny.shape.context - prompt.length + 1;
    const expected = await greedyTokens(tiny.decoder, prompt, maxSteps);
    const result = await jacobiDecode(tiny.decoder, prompt, { window: 5, maxTokens: maxSteps });
    expect(result.tokens).toEqual(expected);
    expect(tiny.decoder.length).toBe(tiny.shape.context);
    expectConsistentRounds(result, 5);
    const beyond = await jacobiDecode(tiny.decoder, prompt, { window: 5, maxTokens: 1000 });
    expect(beyond.stopReason).toBe('context_limit');
    expect(beyond.tokens).toEqual(expected);
  });

  it('stops at end-of-text where greedy decoding does', async () => {
    // tiny-gpt2 hardly ever ranks <|endoftext|> high: greedy's 20th token stands in for it.
    const prompt = PROMPTS[1];
    const stand = (await greedyTokens(tiny.decoder, prompt, 20))[19];
    const decoder = new KvCacheDecoder(
      tiny.session,
      { ...tiny.shape, eosTokenId: stand },
      ort.Tensor,
    );
    const expected = await greedyTokens(decoder, prompt, TOKENS);
    expect(expected.at(-1)).toBe(stand);
    for (const window of [2, 4, 6]) {
      const result = await jacobiDecode(decoder, prompt, { window, maxTokens: TOKENS });
      expect(result.stopReason).toBe('eos');
      expect(result.tokens).toEqual(expected);
      expectConsistentRounds(result, window);
    }
  });

  it('refuses a window outside 1 to 8, and no tokens to make', async () => {
    const prompt = PROMPTS[0];
    for (const window of [0, 9, 2.5]) {
      await expect(jacobiDecode(tiny.decoder, prompt, { window, maxTokens: 5 })).rejects.toThrow(
        /from 1 to 8/,
      );
    }
    await expect(jacobiDecode(tiny.decoder, prompt, { window: 2, maxTokens: 0 })).rejects.toThrow(
      /at least 1/,
    );
  });
});

describe('Jacobi decoding on a slots file without logit_rows', () => {
  it('is refused before anything is fed, with what to do', async () => {
    const slots = await loadNodeModel(TINY_DIR, SLOTS_MODEL_FILE);
    try {
      // A file written before the input existed: one row of logits at every run.
      const older = Object.create(slots.session) as ort.InferenceSession;
      Object.defineProperties(older, {
        inputNames: { value: slots.session.inputNames.filter((name) => name !== 'logit_rows') },
        outputNames: { value: slots.session.outputNames.filter((name) => name !== 'argmax_all') },
        run: {
          value: (feeds: Record<string, ort.Tensor>) =>
            slots.session.run({
              ...feeds,
              logit_rows: new ort.Tensor('int64', BigInt64Array.of(1n), [1]),
            }),
        },
      });
      const decoder = new KvCacheDecoder(older, slots.shape, ort.Tensor);
      expect(decoder.allPositionsProblem).toMatch(/logit_rows/);
      await decoder.append(PROMPTS[1]);
      await expect(jacobiDecode(decoder, PROMPTS[0], { window: 4, maxTokens: 8 })).rejects.toThrow(
        /every fed position.*models:export.*onnx\/model\.onnx/,
      );
      await expect(decoder.appendAll([1, 2])).rejects.toThrow(/no "logit_rows" input/);
      // Neither refusal touched what the decoder holds.
      expect(decoder.tokens).toEqual(PROMPTS[1]);
    } finally {
      await slots.session.release();
    }
  });
});

describe('Jacobi decoding on the 8-bit slots file of tiny-gpt2', () => {
  let q8: NodeModel;

  beforeAll(async () => {
    q8 = await loadNodeModel(TINY_DIR, SLOTS_Q8_FILE);
  });

  afterAll(async () => {
    await q8?.session.release();
  });

  // Its activations are quantized with one scale per run over every fed row
  // (DynamicQuantizeLinear), so a pass over several tokens rounds them otherwise than one pass
  // per token: wider windows make the tokens of their own passes, not always greedy decoding's.
  it('gives exactly the greedy tokens with window 1, and consistent rounds with wider ones', async () => {
    const agreed: string[] = [];
    for (const prompt of PROMPTS) {
      const expected = await greedyTokens(q8.decoder, prompt, TOKENS);
      const one = await jacobiDecode(q8.decoder, prompt, { window: 1, maxTokens: TOKENS });
      expect(one.tokens).toEqual(expected);
      expect(one.modelPasses).toBe(TOKENS);
      for (let window = 2; window <= 6; window++) {
        const result = await jacobiDecode(q8.decoder, prompt, { window, maxTokens: TOKENS });
        expect(result.tokens).toHaveLength(TOKENS);
        expect(result.tokens[0]).toBe(expected[0]); // the same prefill
        expectConsistentRounds(result, window);
        expect(q8.decoder.tokens).toEqual([...prompt, ...result.tokens.slice(0, -1)]);
        const same = result.tokens.findIndex((id, i) => id !== expected[i]);
        agreed.push(`${window}:${same < 0 ? TOKENS : same}`);
      }
    }
    console.log(
      `q8: tokens equal to greedy's before the first difference, by window: ${agreed.join(' ')}`,
    );
  });
});
