/**
 * Beam search, Jacobi and speculative decoding show GPT-2's tokens only: on a model with its own
 * vocabulary (a Llama-family model from the Hub) their Run refuses, saying why, and sends nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';
import { initialState, useAppStore } from './appStore';
import { setEngineClient } from './engineConnection';
import { initialStrategyState, runStrategy, useStrategyStore } from './strategyStore';
import { FakeWorker, flush, installFakeWorker, readyEvent } from './testing/fixtures';
import { translateMessage } from '../i18n';

const QWEN = 'stepwise-test/tiny-qwen2@hub';
let worker: FakeWorker;

beforeEach(() => {
  useAppStore.setState(initialState());
  useStrategyStore.setState(initialStrategyState(''));
  vi.stubGlobal('location', { href: 'http://127.0.0.1:4173/', search: '' });
  worker = installFakeWorker();
});
afterEach(() => {
  setEngineClient(null);
  vi.unstubAllGlobals();
});

describe('a strategy on a model with its own vocabulary', () => {
  it.each(['beam', 'jacobi'] as const)(
    '%s refuses after the load, sending no request',
    async (choice) => {
      useAppStore.setState((s) => ({ settings: { ...s.settings, modelId: QWEN, prompt: '从前' } }));
      useStrategyStore.setState({ choice });
      const pending = runStrategy();
      await flush();
      const ready = readyEvent(0, QWEN);
      worker.answer((id) => ({ ...ready, id, tokenizer: qwenTokenizerFiles() }), 'load');
      await pending;
      expect(worker.sent.map((r) => r.kind)).toEqual(['load']);
      const { run } = useStrategyStore.getState();
      expect(run).toMatchObject({
        status: 'failed',
        problem: { kind: 'own_vocabulary', model: QWEN },
      });
    },
  );

  it('says why in English and Chinese', () => {
    const params = { model: QWEN };
    expect(translateMessage('en', { key: 'strategyOwnVocabulary', params })).toMatch(
      /reads its own tokenizer/,
    );
    expect(translateMessage('zh-CN', { key: 'strategyOwnVocabulary', params })).toMatch(
      /使用自己的分词器/,
    );
  });
});
