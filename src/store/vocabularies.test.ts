/**
 * The page's vocabulary per model: GPT-2's for GPT-2's family, a Llama-family model's own once its
 * load brought its tokenizer; a Llama-family run is viewed, exported and read back with it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { GPT2_VOCABULARY } from '../engine/vocabulary/gpt2Vocabulary';
import { ID_VOCABULARY } from '../engine/vocabulary/idVocabulary';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';
import { activeRun, initialState, useAppStore } from './appStore';
import { flushArrivedSteps, receiveEvent } from './receiveEvent';
import { exportRun } from './runFile';
import { parseRunFile } from './runFileParse';
import { readyEvent, runRecord, stepRecord } from './testing/fixtures';
import { holdVocabulary, knownVocabulary, vocabularyOf } from './vocabularies';
import { showMeBlocked } from './lessonActions';

const QWEN = 'stepwise-test/tiny-qwen2@hub';
const qwen = qwenTokenizerFiles();

beforeEach(() => {
  useAppStore.setState(initialState());
});

describe('the vocabulary registry', () => {
  it("gives the app's own models GPT-2's vocabulary and waits for a Hub model's load", () => {
    expect(knownVocabulary('tiny-gpt2')).toBe(GPT2_VOCABULARY);
    expect(knownVocabulary('gpt2@files')).toBe(GPT2_VOCABULARY);
    expect(knownVocabulary('stepwise-test/gpt2-like@hub')).toBeNull();
    // Not known yet: shown by bare ids, never by another vocabulary's text (runVocabulary.ts).
    expect(vocabularyOf('stepwise-test/gpt2-like@hub')).toBe(ID_VOCABULARY);
    holdVocabulary('stepwise-test/gpt2-like@hub', undefined);
    expect(knownVocabulary('stepwise-test/gpt2-like@hub')).toBe(GPT2_VOCABULARY);
  });

  it('refuses a tokenizer it cannot read, holding nothing for the model', () => {
    const id = 'stepwise-test/broken@hub';
    expect(() => holdVocabulary(id, { tokenizer: '{"model": {"type": "WordPiece"}}' })).toThrow();
    expect(knownVocabulary(id)).toBeNull();
  });

  it("fails a load whose tokenizer the page cannot read, as the worker's refusal", () => {
    useAppStore.setState((s) => ({ model: { ...s.model, status: 'loading' } }));
    const ready = readyEvent(1, 'stepwise-test/unreadable@hub');
    receiveEvent({ ...ready, tokenizer: { tokenizer: 'not json' } });
    const { model, error } = useAppStore.getState();
    expect(model.status).toBe('error');
    expect(error?.code).toBe('bad_tokenizer');
    expect(error?.message).toEqual({ key: 'error_bad_tokenizer' });
  });

  it("holds a Llama-family model's vocabulary on ready and views its run's steps with it", () => {
    useAppStore.setState((s) => ({ model: { ...s.model, status: 'loading' } }));
    receiveEvent({ ...readyEvent(1, QWEN), tokenizer: qwen });
    const vocab = knownVocabulary(QWEN)!;
    expect(vocab.kind).toBe('byte-level');
    expect(useAppStore.getState().model.status).toBe('ready');

    // A run of it: 小女孩 in Qwen's ids, and the worker's step (viewed by the same vocabulary).
    const promptIds = vocab.encode('从前有一个小女孩');
    const girl = vocab.encode('孩')[0];
    const run = runRecord({ modelId: QWEN, prompt: '从前有一个小女孩', promptIds });
    useAppStore.setState((s) => ({
      runs: [run],
      activeRunId: run.id,
      model: { ...s.model, id: QWEN },
      live: { runId: run.id, requestId: 7, busy: true },
    }));
    const record = { ...stepRecord(1, girl), contextLength: promptIds.length };
    record.token = vocab.viewToken(girl);
    record.candidates = [
      {
        id: girl,
        logit: 2,
        prob: 0.9,
        probAtT1: 0.9,
        cumulative: 0.9,
        eligible: true,
        token: vocab.viewToken(girl),
      },
    ];
    receiveEvent({ kind: 'step', id: 7, record });
    flushArrivedSteps();
    const step = activeRun(useAppStore.getState())!.steps[0];
    // The one shared view of the id in Qwen's vocabulary, not GPT-2's view of the same number.
    expect(step.token).toBe(vocab.viewToken(girl));
    expect(step.token.label).toBe('孩');

    // Its file reads back with the same vocabulary: ids past GPT-2's 50 256 are the model's own.
    expect(promptIds.some((id) => id > 50256)).toBe(true);
    const done = { ...activeRun(useAppStore.getState())!, stopReason: 'max_steps' as const };
    const parsed = parseRunFile(exportRun(done, 'test'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.run.promptIds).toEqual(promptIds);
    expect(parsed.run.prompt).toBe('从前有一个小女孩');
    expect(parsed.run.steps[0].token).toBe(vocab.viewToken(girl));
  });

  it("runs the lesson's chain scenes on a model with its own vocabulary", () => {
    holdVocabulary(QWEN, qwen);
    expect(showMeBlocked(1, 0, QWEN)).toBeNull();
    expect(showMeBlocked(1, 0, 'tiny-gpt2')).toBeNull();
  });

  it("still refuses a GPT-2 run's ids past GPT-2's vocabulary", () => {
    const run = { ...runRecord({ promptIds: [7454, 50257] }), stopReason: 'max_steps' as const };
    const parsed = parseRunFile(exportRun(run, 'test'));
    expect(parsed.ok).toBe(false);
  });
});
