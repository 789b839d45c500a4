import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from './appStore';
import { checkModelId, useModelCheckStore } from './modelCheck';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';

const QWEN_CONFIG = {
  model_type: 'qwen2',
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  hidden_size: 64,
  intermediate_size: 128,
  max_position_embeddings: 256,
  vocab_size: 151936,
  tie_word_embeddings: true,
};
const QWEN_FILES = { 'config.json': 700, 'tokenizer.json': 7e6, 'onnx/model.onnx': 40e6 };
const qwen = qwenTokenizerFiles();
/** The text files Llama-family repos hold beside config.json, by repo and file. */
const TEXTS: Record<string, Record<string, string>> = {
  'stepwise-test/tiny-qwen2': {
    'tokenizer.json': qwen.tokenizer,
    'tokenizer_config.json': qwen.config,
  },
  'stepwise-test/wordpiece-qwen2': {
    'tokenizer.json': JSON.stringify({ model: { type: 'WordPiece', vocab: {} } }),
  },
};

/** The Hub's model API and config.json for a few repos, as `fetch` answers them. */
const REPOS: Record<string, { config: Record<string, unknown>; files: Record<string, number> }> = {
  'Xenova/distilgpt2': {
    config: {
      model_type: 'gpt2',
      n_layer: 6,
      n_head: 12,
      n_embd: 768,
      n_positions: 1024,
      vocab_size: 50257,
    },
    files: { 'config.json': 762, 'onnx/model.onnx': 353e6, 'onnx/model_quantized.onnx': 89e6 },
  },
  'uer/gpt2-chinese': {
    config: {
      model_type: 'gpt2',
      n_layer: 12,
      n_head: 12,
      n_embd: 768,
      n_positions: 1024,
      vocab_size: 21128,
    },
    files: { 'onnx/model.onnx': 400e6 },
  },
  'stepwise-test/tiny-qwen2': { config: QWEN_CONFIG, files: QWEN_FILES },
  'stepwise-test/wordpiece-qwen2': { config: QWEN_CONFIG, files: QWEN_FILES },
};

const requests: string[] = [];

function fakeFetch(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(String(input));
  requests.push(url.href);
  const repo = Object.keys(REPOS).find((r) => url.pathname.includes(`/${r}`));
  if (!repo) return Promise.resolve(new Response('{}', { status: 401 }));
  if (url.pathname.startsWith('/api/models/')) {
    const siblings = Object.entries(REPOS[repo].files).map(([rfilename, size]) => ({
      rfilename,
      size,
    }));
    return Promise.resolve(Response.json({ gated: false, siblings }));
  }
  const file = url.pathname.split('/resolve/main/')[1];
  if (file !== 'config.json') {
    const text = TEXTS[repo]?.[file];
    return Promise.resolve(new Response(text ?? 'not found', { status: text ? 200 : 404 }));
  }
  return Promise.resolve(Response.json(REPOS[repo].config));
}

const setSource = (modelSource: string) =>
  useAppStore.setState((s) => ({ settings: { ...s.settings, modelSource } }));

beforeEach(() => {
  requests.length = 0;
  vi.stubGlobal('fetch', vi.fn(fakeFetch));
  setSource('hub');
});

afterEach(() => vi.unstubAllGlobals());

describe('checkModelId', () => {
  it('offers a GPT-2-family model under its Hub id, float32 for a small one', async () => {
    const result = await checkModelId(' Xenova/distilgpt2 ');
    expect(result).toMatchObject({ state: 'ok', modelId: 'Xenova/distilgpt2@hub' });
    expect(useModelCheckStore.getState()).toMatchObject({ checking: false, result });
    // The API and config.json only: no model file is fetched by a check.
    expect(requests).toEqual([
      'https://huggingface.co/api/models/Xenova/distilgpt2?blobs=true',
      'https://huggingface.co/Xenova/distilgpt2/resolve/main/config.json',
    ]);
  });

  it('asks the mirror when the source is the mirror', async () => {
    setSource('mirror');
    await checkModelId('Xenova/distilgpt2');
    expect(requests.every((url) => url.startsWith('https://hf-mirror.com/'))).toBe(true);
  });

  it('refuses a GPT-2 architecture with another vocabulary: the page has GPT-2’s tokenizer', async () => {
    expect(await checkModelId('uer/gpt2-chinese')).toEqual({
      state: 'refused',
      repo: 'uer/gpt2-chinese',
      refusal: { kind: 'tokenizer', vocab: 21128 },
    });
  });

  it('offers a Llama-family model whose tokenizer.json the page reads', async () => {
    const result = await checkModelId('stepwise-test/tiny-qwen2');
    expect(result).toMatchObject({
      state: 'ok',
      modelId: 'stepwise-test/tiny-qwen2@hub',
      model: { family: 'llama', modelType: 'qwen2' },
    });
    // The tokenizer is read before the offer; the model file is not fetched.
    expect(requests.filter((url) => url.includes('/resolve/main/'))).toEqual([
      'https://huggingface.co/stepwise-test/tiny-qwen2/resolve/main/config.json',
      'https://huggingface.co/stepwise-test/tiny-qwen2/resolve/main/tokenizer.json',
      'https://huggingface.co/stepwise-test/tiny-qwen2/resolve/main/tokenizer_config.json',
      'https://huggingface.co/stepwise-test/tiny-qwen2/resolve/main/generation_config.json',
    ]);
  });

  it('refuses a Llama-family model whose tokenizer.json the page cannot read, saying why', async () => {
    const result = await checkModelId('stepwise-test/wordpiece-qwen2');
    expect(result).toMatchObject({
      state: 'refused',
      refusal: { kind: 'tokenizer_file', detail: expect.stringMatching(/^tokenizer.json refused/) },
    });
    expect(requests.some((url) => url.endsWith('.onnx'))).toBe(false);
  });

  it('refuses to check from a teacher’s server, which has no model API', async () => {
    setSource('http://localhost/'); // the page's own origin: always allowed
    const result = await checkModelId('Xenova/distilgpt2');
    expect(result).toMatchObject({ state: 'refused', refusal: { kind: 'server_source' } });
    expect(requests).toEqual([]);
  });

  it('keeps the newest check’s answer when an older one answers last', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        if (String(input).includes('distilgpt2')) await slow;
        return fakeFetch(input);
      }),
    );
    const older = checkModelId('Xenova/distilgpt2');
    await checkModelId('uer/gpt2-chinese');
    release();
    await older;
    expect(useModelCheckStore.getState().result).toMatchObject({ repo: 'uer/gpt2-chinese' });
  });
});
