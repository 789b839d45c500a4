import { describe, expect, it, vi } from 'vitest';
import {
  Generation,
  RECOMPUTE_BLOCK,
  type GenerationConfig,
  type StepControl,
  type StepRecord,
} from './generation';
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

/** A run to its end, each step asked with `control` (a cache-off step then reads in blocks). */
async function generateWith(
  config: GenerationConfig,
  control: StepControl,
  prompt: readonly number[] = PROMPT,
): Promise<{ reason: string; steps: StepRecord[]; ids: number[] }> {
  const generation = await Generation.start(model().decoder, prompt, config);
  const steps: StepRecord[] = [];
  for (;;) {
    const outcome = await generation.next(undefined, control);
    if (outcome.kind === 'interrupted') throw new Error('a step stopped that nothing asked to');
    if (outcome.kind === 'stop')
      return { reason: outcome.reason, steps, ids: generation.generatedIds };
    steps.push(outcome.record);
  }
}

/** Every listed candidate's id and logit matches, step by step. */
function expectSameLogits(blocks: StepRecord[], cached: StepRecord[]): void {
  expect(blocks).toHaveLength(cached.length);
  blocks.forEach((s, i) => {
    expect(s.candidates.map((c) => c.id)).toEqual(cached[i].candidates.map((c) => c.id));
    s.candidates.forEach((c, k) => expect(c.logit).toBeCloseTo(cached[i].candidates[k].logit, 3));
    expect(s.chosenProb).toBeCloseTo(cached[i].chosenProb, 5);
  });
}

const never: StepControl = { shouldStop: () => false };

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

describe('Generation without the KV cache, read in blocks that a Stop can come between', () => {
  it('gives the same greedy logits and tokens as with the cache over 40 steps', async () => {
    const cached = await generate({ maxSteps: 40, sampling: greedy });
    // Blocks of 7 positions: the sequences of 5 to 44 tokens take 1 to 7 runs a step.
    const blocks = await generateWith(
      { maxSteps: 40, sampling: greedy, cache: false },
      { ...never, blockSize: 7 },
    );
    expect(shape(blocks.steps)).toEqual(shape(cached.steps));
    expectSameLogits(blocks.steps, cached.steps);
  });

  it('gives the same seeded sampled tokens as with the cache over 35 steps', async () => {
    const cached = await generate({ maxSteps: 35, sampling: sampled(11) });
    const blocks = await generateWith(
      { maxSteps: 35, sampling: sampled(11), cache: false },
      { ...never, blockSize: 5 },
    );
    expect(shape(blocks.steps)).toEqual(shape(cached.steps));
    expectSameLogits(blocks.steps, cached.steps);
  });

  it(`feeds blocks of ${RECOMPUTE_BLOCK} positions from an empty cache, asking between them`, async () => {
    const prompt = Array.from({ length: 150 }, (_, i) => 262 + (i % 40));
    const cached = await generate({ maxSteps: 3, sampling: greedy }, prompt);
    const append = vi.spyOn(model().decoder, 'append');
    const reset = vi.spyOn(model().decoder, 'reset');
    let asked = 0;
    try {
      const blocks = await generateWith(
        { maxSteps: 3, sampling: greedy, cache: false },
        { shouldStop: () => (asked++, false) },
        prompt,
      );
      expect(shape(blocks.steps)).toEqual(shape(cached.steps));
      const fed = append.mock.calls.map(([tokens]) => [...tokens]);
      // The prefill in one pass, then steps 2 and 3 over 151 and 152 positions in three blocks.
      expect(fed.map((t) => t.length)).toEqual([150, 64, 64, 23, 64, 64, 24]);
      expect(fed.slice(1, 4).flat()).toEqual([...prompt, blocks.ids[0]]);
      expect(fed.slice(4).flat()).toEqual([...prompt, ...blocks.ids.slice(0, 2)]);
      expect(reset).toHaveBeenCalledTimes(3);
      // Asked after every block but a step's last.
      expect(asked).toBe(4);
    } finally {
      append.mockRestore();
      reset.mockRestore();
    }
  });

  it('a stop between blocks abandons the step, records nothing, and the next call makes it', async () => {
    const cached = await generate({ maxSteps: 8, sampling: sampled(5) });
    const generation = await Generation.start(model().decoder, PROMPT, {
      maxSteps: 8,
      sampling: sampled(5),
      cache: false,
    });
    const control = (stopAt: number | null): StepControl => {
      let asked = 0;
      return { blockSize: 3, shouldStop: () => ++asked === stopAt };
    };
    for (let i = 0; i < 3; i++) await generation.next(undefined, control(null));
    expect(generation.stepCount).toBe(3);
    // Step 4 reads 7 positions in blocks of 3: stopped after the second block.
    const append = vi.spyOn(model().decoder, 'append');
    try {
      expect(await generation.next(undefined, control(2))).toEqual({ kind: 'interrupted' });
      expect(append).toHaveBeenCalledTimes(2);
    } finally {
      append.mockRestore();
    }
    expect(generation.stepCount).toBe(3);
    expect(generation.steps).toHaveLength(3);
    expect(generation.stopped).toBeNull();
    // Taken up again, the run is the one never stopped: the draw was not spent by the stop.
    for (;;) {
      const outcome = await generation.next(undefined, control(null));
      if (outcome.kind !== 'step') break;
    }
    expect(shape(generation.steps)).toEqual(shape(cached.steps));
  });
});
