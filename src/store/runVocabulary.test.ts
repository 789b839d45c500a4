/**
 * A run of a model whose vocabulary this browser does not hold: read back by bare ids, never by
 * GPT-2's text; viewed again with its own vocabulary once that is known (the model's load, or its
 * tokenizer files fetched on the user's click).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { llamaConfigJson, TINY_QWEN2_QWEN_VOCAB } from '../engine/llamaShape';
import { GPT2_VOCABULARY } from '../engine/vocabulary/gpt2Vocabulary';
import { ID_VOCABULARY } from '../engine/vocabulary/idVocabulary';
import { loadVocabulary } from '../engine/vocabulary/loadVocabulary';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';
import { activeRun, initialState, useAppStore } from './appStore';
import { exportRun } from './runFile';
import { parseRunFile, readSavedRun } from './runFileParse';
import {
  fetchRunVocabulary,
  useVocabFetchStore,
  viewedByIds,
  watchRunVocabularies,
} from './runVocabulary';
import { candidateView, runRecord, stepRecord } from './testing/fixtures';
import { holdVocabulary, vocabularyOf } from './vocabularies';

const files = qwenTokenizerFiles();
const qwen = loadVocabulary(files);
const PROMPT = '从前有一个小女孩';
const promptIds = qwen.encode(PROMPT);
// 女孩 and a token past GPT-2's 50 257 ids: a run GPT-2's table would misread or refuse.
const chosen = [promptIds.at(-1)!, 151_643];

/** A finished run of `modelId` with Qwen's ids, as the page recorded it. */
function qwenRun(modelId: string) {
  const steps = chosen.map((id, i) => ({
    ...stepRecord(i + 1),
    tokenId: id,
    token: qwen.viewToken(id),
    contextLength: promptIds.length + i,
    candidates: [{ ...candidateView(id, 0.7), token: qwen.viewToken(id) }],
  }));
  return runRecord({ modelId, prompt: PROMPT, promptIds, steps, stopReason: 'max_steps' });
}

beforeEach(() => {
  useAppStore.setState(initialState());
  useVocabFetchStore.setState({ modelId: null, state: 'idle', message: null });
  watchRunVocabularies();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a run whose model’s vocabulary is not held', () => {
  it('reads back by bare ids, never by GPT-2’s text, and is viewed again once it is held', () => {
    const id = 'stepwise-test/qwen-file@hub';
    const parsed = parseRunFile(exportRun(qwenRun(id), 'test'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const run = parsed.run;
    expect(vocabularyOf(id)).toBe(ID_VOCABULARY);
    expect(run.promptIds).toEqual(promptIds);
    expect(run.prompt).toBe(promptIds.map((t) => `⟨#${t}⟩`).join(''));
    expect(run.steps.map((s) => s.token.label)).toEqual(chosen.map((t) => `⟨#${t}⟩`));
    for (const s of run.steps) {
      expect(s.token.label).not.toBe(GPT2_VOCABULARY.viewToken(s.tokenId).label);
    }
    expect(viewedByIds(run)).toBe(true);

    useAppStore.setState({ runs: [run], activeRunId: run.id });
    holdVocabulary(id, files); // its load, or its files found again
    const shown = activeRun(useAppStore.getState())!;
    expect(shown.prompt).toBe(PROMPT);
    const own = vocabularyOf(id);
    expect(shown.steps.map((s) => s.token)).toEqual(chosen.map((t) => own.viewToken(t)));
    expect(shown.steps.map((s) => s.token.label)).toEqual(
      chosen.map((t) => qwen.viewToken(t).label),
    );
    expect(shown.steps[0].candidates[0].token).toBe(own.viewToken(chosen[0]));
    expect(viewedByIds(shown)).toBe(false);
  });

  it('is read from saved state the same way', () => {
    const id = 'stepwise-test/qwen-saved@hub';
    const saved = readSavedRun(JSON.parse(JSON.stringify(qwenRun(id))));
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.value.steps[1].token.label).toBe('⟨#151643⟩');
  });
});

describe('fetching a run’s tokenizer on the user’s click', () => {
  /** A Hub repo with Qwen's config and tokenizer files; `log` lists the files asked for. */
  function stubHub(repo: string, status = 200): string[] {
    const log: string[] = [];
    const bodies: Record<string, string> = {
      'config.json': JSON.stringify(llamaConfigJson(TINY_QWEN2_QWEN_VOCAB)),
      'tokenizer.json': files.tokenizer,
      'tokenizer_config.json': files.config,
    };
    const prefix = `https://huggingface.co/${repo}/resolve/main/`;
    vi.stubGlobal('fetch', (url: string) => {
      const file = String(url).slice(prefix.length);
      log.push(file);
      const body = String(url).startsWith(prefix) ? bodies[file] : undefined;
      if (status !== 200) return Promise.resolve(new Response('busy', { status }));
      return Promise.resolve(
        body === undefined ? new Response('Entry not found', { status: 404 }) : new Response(body),
      );
    });
    return log;
  }

  it('reads the config and tokenizer files, not the model, and views the run as text', async () => {
    const repo = 'stepwise-test/qwen-fetch';
    const id = `${repo}@hub`;
    const log = stubHub(repo);
    const parsed = parseRunFile(exportRun(qwenRun(id), 'test'));
    if (!parsed.ok) throw new Error('the run file did not read');
    useAppStore.setState({ runs: [parsed.run], activeRunId: parsed.run.id });
    await fetchRunVocabulary(id);
    expect(useVocabFetchStore.getState()).toMatchObject({ modelId: id, state: 'idle' });
    expect(log).toContain('tokenizer.json');
    expect(log.some((f) => f.endsWith('.onnx'))).toBe(false);
    const shown = activeRun(useAppStore.getState())!;
    expect(shown.prompt).toBe(PROMPT);
    expect(shown.steps[0].token).toBe(vocabularyOf(id).viewToken(chosen[0]));
  });

  it('says why when the files cannot be fetched, and the run keeps its ids', async () => {
    const repo = 'stepwise-test/qwen-refused';
    const id = `${repo}@hub`;
    stubHub(repo, 503);
    await fetchRunVocabulary(id);
    expect(useVocabFetchStore.getState()).toMatchObject({ modelId: id, state: 'failed' });
    expect(useVocabFetchStore.getState().message).toMatch(/503/);
    expect(vocabularyOf(id)).toBe(ID_VOCABULARY);
  });
});
