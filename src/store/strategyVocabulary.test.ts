/**
 * Beam search, Jacobi and speculative decoding on a model with its own vocabulary (a Llama-family
 * model from the Hub): the prompt goes to the worker as the model's own ids, through its chat
 * template when chat is on, exactly as a chain run's (formPromptIds); a draft the worker finds to
 * read other tokens is named in the run's problem.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TINY_QWEN2_QWEN_VOCAB } from '../engine/llamaShape';
import { modelFromId } from '../engine/modelCatalog';
import { encodeText } from '../engine/tokenizer';
import { loadVocabulary } from '../engine/vocabulary/loadVocabulary';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';
import { translateMessage } from '../i18n';
import type { WorkerRequest } from '../worker/protocol';
import { initialState, useAppStore } from './appStore';
import { setChat } from './chatPrompt';
import { generate } from './engineActions';
import { setEngineClient } from './engineConnection';
import { runStrategy } from './strategyActions';
import { initialStrategyState, useStrategyStore } from './strategyStore';
import { FakeWorker, flush, installFakeWorker, readyEvent } from './testing/fixtures';

const QWEN = 'stepwise-test/tiny-qwen2@hub';
const DRAFT = 'stepwise-test/tiny-qwen2-draft@hub';
const PROMPT = '从前有一个小女孩';
const qwen = loadVocabulary(qwenTokenizerFiles());
const CHAT_IDS = qwen.encodeWithSpecials(
  `<|im_start|>user\n${PROMPT}<|im_end|>\n<|im_start|>assistant\n`,
);
let worker: FakeWorker;

beforeEach(() => {
  useAppStore.setState(initialState());
  useAppStore.setState((s) => ({ settings: { ...s.settings, modelId: QWEN, prompt: PROMPT } }));
  useStrategyStore.setState(initialStrategyState(''));
  vi.stubGlobal('location', { href: 'http://127.0.0.1:4173/', search: '' });
  worker = installFakeWorker();
  setChat(true);
});
afterEach(() => {
  setEngineClient(null);
  vi.unstubAllGlobals();
});

/** Answers the load with the Qwen model's shape and tokenizer (held once, then known). */
function answerLoad(): void {
  if (!worker.sent.some((r) => r.kind === 'load')) return;
  const ready = readyEvent(0, QWEN);
  worker.answer(
    (id) => ({ ...ready, id, shape: TINY_QWEN2_QWEN_VOCAB, tokenizer: qwenTokenizerFiles() }),
    'load',
  );
}

/** Runs the chosen strategy (answering its load); the `strategy` request it sent. */
async function strategyRequest(): Promise<Extract<WorkerRequest, { kind: 'strategy' }>> {
  const pending = runStrategy();
  await flush();
  answerLoad();
  await flush();
  const request = worker.sent.find((r) => r.kind === 'strategy');
  if (request?.kind !== 'strategy') throw new Error(`no strategy request: ${worker.sent.length}`);
  worker.answer((id) => ({ kind: 'cancelled', id }), 'strategy');
  await pending;
  return request;
}

/** A chain run's Generate (answering its load); the ids its `generate` request sent. */
async function chainPromptIds(): Promise<number[]> {
  const pending = generate();
  await flush();
  answerLoad();
  await flush();
  const request = worker.sent.find((r) => r.kind === 'generate');
  if (request?.kind !== 'generate') throw new Error('no generate request');
  worker.answer((id) => ({ kind: 'cancelled', id }), 'generate');
  await pending;
  return request.promptIds;
}

describe('a strategy on a model with its own vocabulary', () => {
  it.each(['beam', 'jacobi', 'speculative'] as const)(
    '%s sends the chat template’s ids in Qwen’s vocabulary, as a chain run does',
    async (choice) => {
      useStrategyStore.setState({ choice, draft: DRAFT });
      const request = await strategyRequest();
      expect(request.promptIds).toEqual(CHAT_IDS);
      // Not GPT-2's bytes: the template's control tokens are Qwen's special ids.
      expect(request.promptIds).not.toEqual(encodeText(PROMPT));
      expect(request.promptIds.filter((id) => qwen.isSpecial(id))).toHaveLength(3);
      if (request.settings.strategy === 'speculative') {
        expect(request.settings.draft).toEqual(modelFromId(DRAFT));
      }
      expect(useStrategyStore.getState().run).toMatchObject({ modelId: QWEN, promptIds: CHAT_IDS });
      // The chain's Generate on the same form sends the same ids.
      expect(await chainPromptIds()).toEqual(request.promptIds);
    },
  );

  it('sends the text as typed, in Qwen’s ids, with chat off', async () => {
    setChat(false);
    useStrategyStore.setState({ choice: 'beam' });
    const request = await strategyRequest();
    expect(request.promptIds).toEqual(qwen.encode(PROMPT));
    expect(request.promptIds).toHaveLength(3); // 从前 · 有一个 · 小女孩: whole tokens
    expect(await chainPromptIds()).toEqual(request.promptIds);
  });

  it('names a draft the worker refused for its tokens, in English and Chinese', async () => {
    useStrategyStore.setState({ choice: 'speculative', draft: DRAFT });
    const pending = runStrategy();
    await flush();
    answerLoad();
    await flush();
    const message = 'the draft model … could not be loaded: its tokenizer gives other tokens';
    worker.answer((id) => ({ kind: 'error', id, code: 'draft_misfit', message }), 'strategy');
    await pending;
    const { run } = useStrategyStore.getState();
    expect(run).toMatchObject({
      status: 'failed',
      problem: { kind: 'draft_tokens', draft: DRAFT },
    });
    const params = { id: DRAFT };
    expect(translateMessage('en', { key: 'specDraftOtherTokens', params })).toMatch(
      /reads other tokens than this model.*same tokenizer/,
    );
    expect(translateMessage('zh-CN', { key: 'specDraftOtherTokens', params })).toMatch(
      /分词器相同的草稿模型/,
    );
  });
});
