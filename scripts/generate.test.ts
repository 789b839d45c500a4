import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeTokens, encodeText } from '../src/engine/tokenizer';
import { parseCliArgs, quoteToken } from './generate';
import { cli } from './testing/runCliLines';

const TINY_DIR = fileURLToPath(new URL('../public/models/tiny-gpt2', import.meta.url));
const PROMPT = 'Once upon a time';

interface StepLine {
  step: number;
  tokenId: number;
  token: string;
  seqLen: number;
  top: { id: number; prob: number; logit: number; eligible: boolean }[];
}
interface DoneLine {
  done: true;
  text: string;
  continuation: string;
  reason: string;
  tokens: number[];
}

describe('generate CLI', () => {
  it('prints one line per step, a blank line, the full text and the stop reason', async () => {
    const json = await cli(['--model', TINY_DIR, '--prompt', PROMPT, '--steps', '3', '--json']);
    const ids = json.out.slice(0, 3).map((l) => (JSON.parse(l) as StepLine).tokenId);

    const { code, out, err } = await cli(['--model', TINY_DIR, '--prompt', PROMPT, '--steps', '3']);
    expect(code).toBe(0);
    expect(out).toHaveLength(6);
    const promptLength = encodeText(PROMPT).length;
    out.slice(0, 3).forEach((line, i) => {
      expect(line).toMatch(/^step \d+: token '.*' \(id \d+\), sequence length \d+$/);
      const label = (JSON.parse(json.out[i]) as StepLine).token;
      const expected = `step ${i + 1}: token ${quoteToken(label)} (id ${ids[i]}), sequence length ${promptLength + i + 1}`;
      expect(line).toBe(expected);
    });
    expect(out[3]).toBe('');
    expect(out[4]).toBe(decodeTokens([...encodeText(PROMPT), ...ids]));
    expect(out[5]).toBe('stop reason: max_steps');
    expect(err.join('\n')).toMatch(/^timing: prefill [\d.]+ ms \(4 tokens\), median step/);
  });

  it('writes one JSON object per step with ≥ 20 candidates, then a done object', async () => {
    const args = ['--model', TINY_DIR, '--steps', '4', '--json', '--strategy', 'sample'];
    const { code, out } = await cli([...args, '--seed', '5', '--top-k', '30']);
    expect(code).toBe(0);
    expect(out).toHaveLength(5);
    const steps = out.slice(0, 4).map((l) => JSON.parse(l) as StepLine);
    steps.forEach((s, i) => {
      expect(s).toMatchObject({ step: i + 1, seqLen: 4 + i + 1 });
      expect(s.top.length).toBeGreaterThanOrEqual(20);
      expect(s.top.map((t) => t.id)).toContain(s.tokenId);
      expect(s.top[0].prob).toBeGreaterThanOrEqual(s.top[1].prob);
    });
    const done = JSON.parse(out[4]) as DoneLine;
    expect(done).toMatchObject({ done: true, reason: 'max_steps' });
    expect(done.tokens).toEqual(steps.map((s) => s.tokenId));
    expect(done.text).toBe(PROMPT + done.continuation);
    expect(done.continuation).toBe(decodeTokens(done.tokens));
    // Same seed, same tokens (the lines differ only in their timings).
    const again = await cli([...args, '--seed', '5', '--top-k', '30']);
    expect((JSON.parse(again.out[4]) as DoneLine).tokens).toEqual(done.tokens);
  });

  it("samples only tokens at least --min-p × the top token's probability", async () => {
    const args = ['--model', TINY_DIR, '--steps', '6', '--json', '--strategy', 'sample'];
    const { code, out } = await cli([...args, '--seed', '3', '--min-p', '0.9']);
    expect(code).toBe(0);
    const steps = out.slice(0, 6).map((l) => JSON.parse(l) as StepLine);
    for (const s of steps) {
      const threshold = 0.9 * s.top[0].prob;
      for (const c of s.top) expect(c.eligible).toBe(c.prob >= threshold);
      expect(s.top.find((c) => c.id === s.tokenId)!.prob).toBeGreaterThanOrEqual(threshold);
    }
    // The cut-off took effect: without it every candidate is eligible.
    expect(steps.some((s) => s.top.some((c) => !c.eligible))).toBe(true);
  });

  it.each([
    [['--steps', '0'], /--steps must be an integer ≥ 1/],
    [['--steps', 'ten'], /--steps/],
    [['--steps', ''], /--steps/],
    [['--strategy', 'beam'], /--strategy must be greedy or sample/],
    [['--temperature', '-1'], /--temperature/],
    [['--top-k', '2.5'], /--top-k/],
    [['--top-p', '0'], /--top-p/],
    [['--top-p', '1.5'], /--top-p/],
    [['--min-p=-0.1'], /--min-p must be a number 0–1 \(0 = off\)/],
    [['--min-p', '1.5'], /--min-p/],
    [['--min-p', 'some'], /--min-p/],
    [['--seed', '-3'], /--seed/],
    [['--threads', '0'], /--threads/],
    [['--top', '5'], /--top must be an integer in \[20, 1000\]/],
    [['--prompt', ''], /--prompt must not be empty/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /positional/i],
    [['--model', '/nonexistent/model'], /no model at \/nonexistent\/model/],
  ])('rejects %j with exit code 2', async (args, message) => {
    const { code, out, err } = await cli(args);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toMatch(message);
    expect(err.join('\n')).toMatch(/usage: npm run generate/);
  });

  it('parses defaults and options', () => {
    expect(parseCliArgs([])).toMatchObject({
      model: 'public/models/tiny-gpt2',
      prompt: PROMPT,
      steps: 19,
      json: false,
      threads: 2,
      sampling: { strategy: 'greedy' },
    });
    const opts = [
      '--strategy',
      'sample',
      '--temperature',
      '0.7',
      '--top-k',
      '40',
      '--top-p',
      '0.9',
    ];
    expect(parseCliArgs([...opts, '--seed', '7'])).toMatchObject({
      sampling: { strategy: 'sample', temperature: 0.7, topK: 40, topP: 0.9, seed: 7 },
    });
    expect(parseCliArgs([...opts, '--min-p', '0.05'])).toMatchObject({ sampling: { minP: 0.05 } });
    expect(parseCliArgs(['--min-p', '1'])).toMatchObject({ sampling: { minP: 1 } });
    expect(parseCliArgs([])).toMatchObject({ sampling: { minP: 0 } });
    expect(parseCliArgs(['--help'])).toBe('help');
  });

  it('quotes token labels so spaces, quotes and newlines stay visible', () => {
    expect(quoteToken(',')).toBe("','");
    expect(quoteToken(' the')).toBe("' the'");
    expect(quoteToken('\n')).toBe("'\\n'");
    expect(quoteToken("'s")).toBe("'\\'s'");
    expect(quoteToken('"')).toBe(`'"'`);
    expect(quoteToken('⟨e4 bb⟩')).toBe("'⟨e4 bb⟩'");
  });
});
