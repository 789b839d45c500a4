import { describe, expect, it, vi } from 'vitest';
import type { GenerationConfig, StepRecord } from './generation';
import {
  generateAll,
  greedy,
  PROMPT,
  sampled,
  loadTinyModelForTests,
} from './testing/tinyGeneration';

const model = loadTinyModelForTests();

async function generate(
  config: GenerationConfig,
  prompt: readonly number[] = PROMPT,
  history: readonly number[] = [],
): Promise<{ reason: string; steps: StepRecord[]; ids: number[] }> {
  const { generation, reason, steps } = await generateAll(model(), prompt, config, history);
  return { reason, steps, ids: generation.generatedIds };
}

const shape = (steps: StepRecord[]) => steps.map((s) => [s.tokenId, s.contextLength]);

describe('Generation without the KV cache', () => {
  it('gives the same greedy tokens and context lengths as with the cache over 40 steps', async () => {
    const cached = await generate({ maxSteps: 40, sampling: greedy });
    const plain = await generate({ maxSteps: 40, sampling: greedy, cache: false });
    expect(plain.steps).toHaveLength(40);
    expect(shape(plain.steps)).toEqual(shape(cached.steps));
    plain.steps.forEach((s, i) => {
      expect(s.candidates.map((c) => c.id)).toEqual(cached.steps[i].candidates.map((c) => c.id));
      expect(s.candidates[0].logit).toBeCloseTo(cached.steps[i].candidates[0].logit, 3);
    });
  });

  it('gives the same seeded sampled tokens, and the same seed twice gives the same run', async () => {
    const config = (cache: boolean) => ({ maxSteps: 35, sampling: sampled(7), cache });
    const cached = await generate(config(true));
    const first = await generate(config(false));
    const second = await generate(config(false));
    expect(shape(first.steps)).toEqual(shape(cached.steps));
    expect(second.ids).toEqual(first.ids);
  });

  it('feeds the whole sequence every step from an empty cache', async () => {
    const append = vi.spyOn(model().decoder, 'append');
    const reset = vi.spyOn(model().decoder, 'reset');
    try {
      const { ids } = await generate({ maxSteps: 6, sampling: greedy, cache: false });
      const fed = append.mock.calls.map(([tokens]) => [...tokens]);
      // The prefill, then one run per later step on prompt + every token so far.
      expect(fed.map((t) => t.length)).toEqual(
        [4, 5, 6, 7, 8, 9].map((n) => n + PROMPT.length - 4),
      );
      fed.slice(1).forEach((tokens, i) => {
        expect(tokens).toEqual([...PROMPT, ...ids.slice(0, i + 1)]);
      });
      expect(reset).toHaveBeenCalledTimes(fed.length);
    } finally {
      append.mockRestore();
      reset.mockRestore();
    }
  });

  it('continues inherited steps (a branch) cache-off with the same tokens', async () => {
    const whole = await generate({ maxSteps: 20, sampling: greedy });
    const history = whole.ids.slice(0, 8);
    const resumed = await generate(
      { maxSteps: 20, sampling: greedy, cache: false },
      PROMPT,
      history,
    );
    expect(resumed.ids).toEqual(whole.ids);
  });

  it('stops at the context limit at the same step as with the cache', async () => {
    const prompt = new Array(248).fill(262);
    const cached = await generate({ maxSteps: 100, sampling: greedy }, prompt);
    const plain = await generate({ maxSteps: 100, sampling: greedy, cache: false }, prompt);
    expect(plain.reason).toBe('context_limit');
    expect(shape(plain.steps)).toEqual(shape(cached.steps));
  });
});
