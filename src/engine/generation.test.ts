import { describe, expect, it } from 'vitest';
import { runCli } from '../../scripts/generate';
import { Generation, rankOf, runToEnd, type GenerationConfig } from './generation';
import {
  generateAll,
  greedy,
  loadTinyModelForTests,
  PROMPT,
  sampled,
  TINY_DIR,
} from './testing/tinyGeneration';

const model = loadTinyModelForTests();
const generate = (prompt: readonly number[], config: GenerationConfig) =>
  generateAll(model(), prompt, config);

describe('Generation on tiny-gpt2', () => {
  it('stops with max_steps after N steps, and stays stopped', async () => {
    const { generation, reason, steps } = await generate(PROMPT, { maxSteps: 7, sampling: greedy });
    expect(reason).toBe('max_steps');
    expect(steps).toHaveLength(7);
    expect(generation.generatedIds).toEqual(steps.map((s) => s.tokenId));
    expect(await generation.next()).toEqual({ kind: 'stop', reason: 'max_steps' });
    expect(generation.stopped).toBe('max_steps');
  });

  it('stops with context_limit once the model has read all 256 positions', async () => {
    const context = model().shape.context;
    const prompt = new Array(250).fill(262);
    const { reason, steps } = await generate(prompt, { maxSteps: 100, sampling: greedy });
    expect(reason).toBe('context_limit');
    // The last step's logits come from position 256, so its token is the 257th and is never fed:
    // prompt + steps = context + 1.
    expect(steps).toHaveLength(context - prompt.length + 1);
    expect(steps.at(-1)!.contextLength).toBe(context);
    expect(model().decoder.length).toBe(context);
  });

  it('records each step: context length, ≥ 20 candidates with the chosen one, model time', async () => {
    const { steps } = await generate(PROMPT, { maxSteps: 12, sampling: sampled(3) });
    steps.forEach((record, i) => {
      expect(record.step).toBe(i + 1);
      expect(record.contextLength).toBe(PROMPT.length + record.step - 1);
      expect(record.candidates.length).toBeGreaterThanOrEqual(20);
      expect(record.candidates.map((c) => c.id)).toContain(record.tokenId);
      expect(record.modelMs).toBeGreaterThan(0);
      expect(record.totalMs).toBeGreaterThanOrEqual(record.modelMs);
      expect(record.forced).toBe(false);
      expect(record.token.label.length).toBeGreaterThan(0);
    });
  });

  it('reproduces a seeded sampled run, and another seed gives another run', async () => {
    const run = async (seed: number) =>
      (await generate(PROMPT, { maxSteps: 15, sampling: sampled(seed) })).generation.generatedIds;
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    expect(await run(12)).not.toEqual(first);
  });

  it('records a forced token and continues from it', async () => {
    const k = 4;
    const config = { maxSteps: 10, sampling: greedy };
    const plain = (await generate(PROMPT, config)).steps;

    const branch = await Generation.start(model().decoder, PROMPT, config);
    for (let i = 1; i < k; i++) await branch.next();
    const forcedId = plain[k - 1].candidates[5].id; // a likely token, but not the chosen one
    const outcome = await branch.next(forcedId);
    expect(outcome.kind).toBe('step');
    const forced = branch.steps[k - 1];
    expect(forced).toMatchObject({ step: k, tokenId: forcedId, forced: true });
    // Forcing changes the token, not the numbers the model gave for that step.
    expect(forced.candidates.map((c) => c.logit)).toEqual(
      plain[k - 1].candidates.map((c) => c.logit),
    );
    await runToEnd(branch, () => undefined);
    const after = branch.steps.slice(k);
    expect(after.every((s) => !s.forced)).toBe(true);
    expect(after[0].candidates[0].logit).not.toBe(plain[k].candidates[0].logit);
    expect(branch.generatedIds).not.toEqual(plain.map((s) => s.tokenId));

    // The steps after the fork are what the model does when that token is part of the prompt.
    const forkedPrompt = [...PROMPT, ...branch.generatedIds.slice(0, k)];
    const fresh = await generate(forkedPrompt, { ...config, maxSteps: config.maxSteps - k });
    expect(fresh.generation.generatedIds).toEqual(branch.generatedIds.slice(k));
    fresh.steps.forEach((s, i) => {
      expect(s.candidates.map((c) => c.id)).toEqual(after[i].candidates.map((c) => c.id));
      s.candidates.forEach((c, j) => expect(c.logit).toBeCloseTo(after[i].candidates[j].logit, 4));
    });
  });

  it("records the chosen token's true rank among the whole vocabulary, forced or not", async () => {
    model().decoder.reset();
    const logits = Float32Array.from((await model().decoder.append(PROMPT)).logits);
    // The full ranking, most likely first (ties: lower id first, as the candidate list).
    const order = Array.from(logits.keys()).sort((a, b) => logits[b] - logits[a] || a - b);
    const low = order[4321]; // far outside the 20 candidates shown
    const config = { maxSteps: 3, sampling: greedy };
    const forced = await Generation.start(model().decoder, PROMPT, config);
    await forced.next(low);
    expect(forced.steps[0]).toMatchObject({ tokenId: low, forced: true, chosenRank: 4322 });
    expect(forced.steps[0].candidates.at(-1)!.id).toBe(low);
    // Unforced greedy steps choose the most likely token: rank 1.
    await runToEnd(forced, () => undefined);
    expect(forced.steps.slice(1).map((s) => s.chosenRank)).toEqual([1, 1]);
  });

  it('ranks a sampled token inside the listed candidates as the whole vocabulary does', async () => {
    const { steps } = await generate(PROMPT, { maxSteps: 6, sampling: sampled(11) });
    const ids = steps.map((s) => s.tokenId);
    for (const [i, step] of steps.entries()) {
      model().decoder.reset();
      const context = [...PROMPT, ...ids.slice(0, i)];
      const logits = Float32Array.from((await model().decoder.append(context)).logits);
      expect(step.chosenRank).toBe(rankOf(logits, step.tokenId));
    }
  });

  it('produces the same greedy tokens as the CLI', async () => {
    const { generation } = await generate(PROMPT, { maxSteps: 10, sampling: greedy });
    const lines: string[] = [];
    const args = ['--model', TINY_DIR, '--prompt', 'Once upon a time', '--steps', '10', '--json'];
    expect(await runCli(args, (line) => lines.push(line))).toBe(0);
    const records = lines.map((line) => JSON.parse(line) as { tokenId?: number; done?: boolean });
    const cliIds = records.filter((r) => !r.done).map((r) => r.tokenId);
    expect(cliIds).toEqual(generation.generatedIds);
    console.log(`tiny-gpt2 greedy from "Once upon a time": ${cliIds.join(' ')}`);
  });
});
