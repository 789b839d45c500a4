import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../../i18n/en';
import { translate } from '../../i18n';
import type { MessageParam } from '../../i18n/message';
import type { Language } from '../../store/urlParams';
import { runRecord, stepRecord } from '../../store/testing/fixtures';
import { promptStart, runName, runSettings } from './runLabels';

const tr =
  (lang: Language) =>
  (key: MessageKey, values?: Readonly<Record<string, MessageParam>>): string =>
    translate(lang, key, values);
const en = tr('en');

const steps = (n: number) => Array.from({ length: n }, (_, i) => stepRecord(i + 1));
const sampled = (topK: number, topP: number) => ({
  maxSteps: 20,
  sampling: { strategy: 'sample', temperature: 0.7, topK, topP, seed: 42 } as const,
});

describe('a run as the run list names it', () => {
  it('labels every figure: strategy, step count, and no stray separator', () => {
    const run = runRecord({ steps: steps(20) });
    expect(runSettings(run, en)).toBe('tiny-gpt2 · greedy · 20 steps');
    expect(runSettings(runRecord({ steps: steps(1) }), en)).toBe('tiny-gpt2 · greedy · 1 step');
  });

  it('says "no KV cache" for a run without the cache, and nothing for one with it', () => {
    const config = { ...runRecord().config, cache: false };
    const plain = runRecord({ steps: steps(3), config });
    expect(runSettings(plain, en)).toBe('tiny-gpt2 · greedy · no KV cache · 3 steps');
    expect(runSettings(plain, tr('zh-CN'))).toContain('无 KV 缓存');
  });

  it('names T and the seed when it samples, and top-k / top-p only when they cut', () => {
    const plain = runRecord({ steps: steps(8), config: sampled(0, 1) });
    expect(runSettings(plain, en)).toBe('tiny-gpt2 · sampling, T 0.7 · seed 42 · 8 steps');
    const cut = runRecord({ steps: steps(8), config: sampled(5, 0.9) });
    expect(runSettings(cut, en)).toBe(
      'tiny-gpt2 · sampling, T 0.7 · top-k 5 · top-p 0.9 · seed 42 · 8 steps',
    );
    expect(runSettings(cut, tr('zh-CN'))).toContain('采样，T 0.7');
  });

  it('names min-p only when it cuts', () => {
    const config = (minP: number) => ({
      maxSteps: 20,
      sampling: { ...sampled(0, 1).sampling, minP },
    });
    const off = runRecord({ steps: steps(2), config: config(0) });
    expect(runSettings(off, en)).toBe('tiny-gpt2 · sampling, T 0.7 · seed 42 · 2 steps');
    const cut = runRecord({ steps: steps(2), config: config(0.1) });
    expect(runSettings(cut, en)).toBe(
      'tiny-gpt2 · sampling, T 0.7 · min-p 0.1 · seed 42 · 2 steps',
    );
  });

  it('names the comparison’s rows as the list does', () => {
    const original = runRecord({ id: 'a', prompt: 'Once upon a time in a land far away' });
    const branch = runRecord({
      id: 'b',
      parent: { runId: 'a', step: 3, tokenId: 11 },
    });
    const runs = [original, branch];
    expect(runName(original, runs, en)).toBe('Run 1 · Once upon a time in a land far…');
    expect(runName(branch, runs, en)).toBe('Run 2 · branch of run 1 at step 3');
    const zhBranch = translate('zh-CN', 'runBranchOf', { n: 1, step: 3 });
    expect(runName(branch, runs, tr('zh-CN'))).toBe(
      `${translate('zh-CN', 'runName', { n: 2 })} · ${zhBranch}`,
    );
  });

  it('cuts a prompt by characters, never inside an emoji', () => {
    expect(promptStart('👋🏽'.repeat(30), 5)).toBe(`${'👋🏽'.repeat(2)}…`);
    expect(promptStart('  two\nlines ')).toBe('two lines');
  });
});
