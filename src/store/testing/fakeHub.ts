/**
 * A fake Hugging Face Hub for the page's model checks, as `fetch` sees it: the model API
 * (`?blobs=true`), config.json and a Llama-family repo's tokenizer files, for a few repos.
 */
import { TINY_QWEN2_CONFIG } from '../../engine/testing/tinyQwenConfig';
import { qwenTokenizerFiles } from '../../engine/vocabulary/testing/qwenTokenizerFiles';

const QWEN_CONFIG = { ...TINY_QWEN2_CONFIG, intermediate_size: 128, tie_word_embeddings: true };
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

/** The Hub's model API and config.json for a few repos, as `fakeHubFetch` answers them. */
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

/** Every URL the fake Hub was asked for, in order (tests empty it before each). */
export const hubRequests: string[] = [];

export function fakeHubFetch(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(String(input));
  hubRequests.push(url.href);
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
