/**
 * The lesson on a model with its own tokenizer (a Llama-family model from the Hub): every scene
 * runs, the prompt is encoded by the model's own vocabulary and chat template as Generate does,
 * and the answers' counts follow from that prompt's length.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING } from '../engine/sampling';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';
import { GPT2_VOCABULARY } from '../engine/vocabulary/gpt2Vocabulary';
import { ID_VOCABULARY } from '../engine/vocabulary/idVocabulary';
import { loadVocabulary } from '../engine/vocabulary/loadVocabulary';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { initialState, shownStep, useAppStore } from './appStore';
import { modelPrompt, setChat } from './chatPrompt';
import { showMe, showMeBlocked } from './lessonActions';
import { lessonCounts, lessonPromptIds } from './lessonPrompt';
import { LESSON_PROMPT, LESSON_STEPS, scenesFor } from './lessonScenes';
import { useLessonStore } from './lessonStore';
import { useStrategyStore } from './strategyStore';
import { candidateView, installFakeWorker, runRecord, stepRecord } from './testing/fixtures';
import { stubPage, unstubPage } from './testing/pageStubs';
import { holdVocabulary } from './vocabularies';

const QWEN = 'stepwise-test/tiny-qwen2@hub';
const files = qwenTokenizerFiles();
const qwen = loadVocabulary(files);
const app = useAppStore;

beforeEach(() => {
  app.setState(initialState());
  useLessonStore.setState({ open: false, chapter: 1, revealed: false, held: null });
  useStrategyStore.setState({ run: null });
  setChat(true);
  holdVocabulary(QWEN, files);
  stubPage();
});

afterEach(unstubPage);

describe('the lesson’s prompt on a model with its own tokenizer', () => {
  it('is the model’s own ids, inside its chat template while chat is on', () => {
    const chat = lessonPromptIds(qwen, true);
    expect(chat).toEqual(modelPrompt(qwen, LESSON_PROMPT, true).ids);
    expect(qwen.decode(chat)).toContain('<|im_start|>user\nOnce upon a time<|im_end|>');
    expect(lessonPromptIds(qwen, false)).toEqual(qwen.encode(LESSON_PROMPT));
  });

  it('counts the answers from that length; GPT-2’s text keeps its own counts', () => {
    expect(lessonCounts(GPT2_VOCABULARY, true)).toBeNull();
    const plain = lessonCounts(qwen, false)!;
    const n = qwen.encode(LESSON_PROMPT).length;
    expect(plain).toMatchObject({ prompt: n, read: n + 18, total: n + 19, chat: false });
    expect(plain).toMatchObject({ cached: n + 17, cacheAfter5: n + 4, before: n + 3 });
    const chat = lessonCounts(qwen, true)!;
    expect(chat.prompt).toBe(lessonPromptIds(qwen, true).length);
    expect(chat.prompt).toBeGreaterThan(n);
    expect(chat.chat).toBe(true);
    // A model whose vocabulary is not here yet has no counts (never "0 tokens of the prompt").
    expect(lessonCounts(ID_VOCABULARY, true)).toBeNull();
  });

  it('has every placeholder the counted answers use, in both languages', () => {
    const counts = lessonCounts(qwen, true)!;
    for (const key of ['lesson1AnswerOwn', 'lesson3AnswerOwn', 'lesson4AnswerOwn'] as const) {
      for (const text of [en[key], zhCN[key]]) {
        const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(names.length).toBeGreaterThan(0);
        for (const name of names) expect(counts.values).toHaveProperty(name);
      }
    }
    // The inspection graph is the app's own, for GPT-2's family: chapter 4 says so plainly.
    expect(en.lesson4AnswerOwn).toMatch(/only GPT-2’s family has/);
    expect(zhCN.lesson4AnswerOwn).toMatch(/只有 GPT-2 系列模型才有/);
  });
});

/** A complete lesson run of the Qwen model that read `promptIds`. */
function lessonRunOf(promptIds: number[]) {
  const steps = Array.from({ length: LESSON_STEPS }, (_, i) => ({
    ...stepRecord(i + 1),
    contextLength: promptIds.length + i,
    tokenId: 9707,
  }));
  return runRecord({
    modelId: QWEN,
    promptIds,
    config: { maxSteps: LESSON_STEPS, sampling: DEFAULT_SAMPLING, candidateCount: 20 },
    steps,
    stopReason: 'max_steps',
  });
}

describe('"Show me" on a model with its own tokenizer', () => {
  it('blocks no scene but speculative decoding, which has no usual draft for it', () => {
    for (let chapter = 1; chapter <= 8; chapter++) {
      scenesFor(chapter).forEach((scene, index) => {
        const blocked = showMeBlocked(chapter, index, QWEN);
        expect(blocked).toBe(scene.decoding === 'speculative' ? 'lessonNoDraft' : null);
      });
    }
  });

  it('chapter 1 generates the lesson prompt with the model’s ids and chat template', async () => {
    const worker = installFakeWorker();
    app.setState((s) => ({
      settings: { ...s.settings, modelId: QWEN },
      model: { ...s.model, status: 'ready', id: QWEN, ep: 'auto', backend: 'wasm' },
    }));
    void showMe(1);
    await new Promise((r) => setTimeout(r, 0));
    const request = worker.sent.find((r) => r.kind === 'generate');
    expect(request).toMatchObject({ promptIds: lessonPromptIds(qwen, true) });
  });

  it('chapter 4 reopens the model’s lesson run at step 5 and asks to look inside it', async () => {
    const worker = installFakeWorker();
    const promptIds = lessonPromptIds(qwen, true);
    const steps = Array.from({ length: LESSON_STEPS }, (_, i) => ({
      ...stepRecord(i + 1),
      contextLength: promptIds.length + i,
      candidates: [candidateView(9707, 0.6), candidateView(13, 0.3)],
      tokenId: 9707,
    }));
    const run = runRecord({
      modelId: QWEN,
      promptIds,
      config: { maxSteps: LESSON_STEPS, sampling: DEFAULT_SAMPLING, candidateCount: 20 },
      steps,
      stopReason: 'max_steps',
    });
    app.setState((s) => ({
      runs: [run],
      settings: { ...s.settings, modelId: QWEN },
      model: { ...s.model, status: 'ready', id: QWEN, ep: 'auto', backend: 'wasm' },
    }));
    await showMe(4);
    expect(app.getState().activeRunId).toBe(run.id);
    expect(shownStep(app.getState())).toBe(5);
    expect(worker.sent.map((r) => r.kind)).toEqual(['inspect']);
    expect(worker.sent[0]).toMatchObject({ ids: [...promptIds, 9707, 9707, 9707, 9707] });
  });

  it('does not reopen a lesson run made with the other chat setting: it generates anew', async () => {
    const worker = installFakeWorker();
    const run = lessonRunOf(lessonPromptIds(qwen, false));
    app.setState((s) => ({
      runs: [run],
      settings: { ...s.settings, modelId: QWEN },
      model: { ...s.model, status: 'ready', id: QWEN, ep: 'auto', backend: 'wasm' },
    }));
    void showMe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(app.getState().activeRunId).not.toBe(run.id);
    const request = worker.sent.find((r) => r.kind === 'generate');
    expect(request).toMatchObject({ promptIds: lessonPromptIds(qwen, true) });
  });

  it('reopens the lesson run made with the chat setting as it is now', async () => {
    const worker = installFakeWorker();
    setChat(false);
    const chatRun = lessonRunOf(lessonPromptIds(qwen, true));
    const plainRun = { ...lessonRunOf(lessonPromptIds(qwen, false)), id: 'plain' };
    app.setState((s) => ({
      runs: [plainRun, chatRun],
      settings: { ...s.settings, modelId: QWEN },
      model: { ...s.model, status: 'ready', id: QWEN, ep: 'auto', backend: 'wasm' },
    }));
    await showMe(1);
    expect(app.getState().activeRunId).toBe('plain');
    expect(worker.sent).toEqual([]);
  });
});
