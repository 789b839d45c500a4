/**
 * Chapter 8's table: its Jacobi or speculative line counts only a run of the lesson's prompt on
 * the chosen model, and says whether its tokens are greedy decoding's.
 */
import { describe, expect, it } from 'vitest';
import { encodeText } from '../../engine/tokenizer';
import { translate } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import type { MessageParam } from '../../i18n/message';
import { DEFAULT_SAMPLING } from '../../engine/sampling';
import { useAppStore } from '../../store/appStore';
import { LESSON_PROMPT, LESSON_STEPS } from '../../store/lessonScenes';
import { initialStrategyState, type StrategyRun } from '../../store/strategyStore';
import { runRecord, stepRecord } from '../../store/testing/fixtures';
import { lessonTokens, strategyCounts, strategyLine } from './LessonTable';

const greedy = [11, 262, 995, 373];

function jacobiRun(extra: Partial<StrategyRun>, tokens: number[] = greedy): StrategyRun {
  return {
    requestId: 1,
    modelId: 'tiny-gpt2',
    settings: { strategy: 'jacobi', window: 4, maxTokens: 4, promptLookup: true },
    promptIds: encodeText(LESSON_PROMPT),
    status: 'done',
    beamSteps: [],
    rounds: [],
    specRounds: [],
    draftLoad: null,
    outcome: {
      strategy: 'jacobi',
      tokens,
      stopReason: 'max_tokens',
      modelPasses: 3,
      ms: 1,
      greedy: { tokens: greedy, modelPasses: 4, ms: 1 },
    },
    problem: null,
    ...extra,
  };
}

/** The table's line for `run` with `modelId` chosen, in `lang`. */
function line(run: StrategyRun, modelId = 'tiny-gpt2', lang: 'en' | 'zh-CN' = 'en'): string {
  const t = (key: MessageKey, values?: Readonly<Record<string, MessageParam>>) =>
    translate(lang, key, values);
  const lessonIds = encodeText(LESSON_PROMPT);
  return strategyLine(t, strategyCounts({ ...initialStrategyState(''), run }, modelId, lessonIds));
}

describe('chapter 8’s table', () => {
  it('says the tokens are the same only when they are greedy decoding’s', () => {
    expect(line(jacobiRun({}))).toContain('4 tokens in 3 passes (greedy: 4), the same tokens.');
    const differ = jacobiRun({}, [11, 262, 995, 1110]);
    expect(line(differ)).toContain('4 tokens in 3 passes (greedy: 4), tokens that differ');
    expect(line(differ)).not.toContain('the same tokens');
    expect(line(differ, 'tiny-gpt2', 'zh-CN')).toContain('词元与贪心解码的不同');
  });

  it('leaves out a run of another prompt or another model', () => {
    expect(line(jacobiRun({ promptIds: encodeText('Hello') }))).toBe('');
    const q8 = jacobiRun({ modelId: 'tiny-gpt2:q8' });
    expect(line(q8)).toBe('');
    expect(line(q8, 'tiny-gpt2:q8')).toContain('Jacobi decoding: 4 tokens');
  });
});

describe('chapter 8’s lesson line', () => {
  it('counts the lesson run only when it read the ids the lesson feeds now', () => {
    const steps = Array.from({ length: LESSON_STEPS }, (_, i) => stepRecord(i + 1));
    const config = { maxSteps: LESSON_STEPS, sampling: DEFAULT_SAMPLING, candidateCount: 20 };
    const run = runRecord({ config, steps });
    const base = useAppStore.getState();
    const state = { ...base, runs: [run], settings: { ...base.settings, modelId: 'tiny-gpt2' } };
    expect(lessonTokens(state, run.promptIds)).toBe(LESSON_STEPS);
    // The same text inside a chat template: the run read other ids, so it is not counted.
    expect(lessonTokens(state, [1, ...run.promptIds, 2])).toBeNull();
  });
});
