import { describe, expect, it, vi } from 'vitest';
import { checkHubModel, modelByteLimit, type HubCheck } from './hubCheck';

const ORIGIN = 'https://hub.test';
const GiB = 1024 ** 3;

/** A repo as the Hub's API and file URLs answer for it. */
interface FakeRepo {
  config?: Record<string, unknown>;
  files: Record<string, number>;
  gated?: false | 'auto' | 'manual';
  status?: number;
  errorCode?: string;
}

function fakeHub(repos: Record<string, FakeRepo>) {
  return vi.fn((input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(String(input));
    const api = /^\/api\/models\/(.+)$/.exec(url.pathname);
    const file = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url.pathname);
    const repo = repos[api?.[1] ?? file?.[1] ?? ''];
    const headers = repo?.errorCode ? { 'x-error-code': repo.errorCode } : undefined;
    if (!repo || repo.status) {
      return Promise.resolve(new Response('{}', { status: repo?.status ?? 401, headers }));
    }
    if (api) {
      const siblings = Object.entries(repo.files).map(([rfilename, size]) => ({ rfilename, size }));
      return Promise.resolve(Response.json({ gated: repo.gated ?? false, siblings }));
    }
    if (file?.[2] === 'config.json' && repo.config)
      return Promise.resolve(Response.json(repo.config));
    return Promise.resolve(new Response('not found', { status: 404 }));
  });
}

const GPT2_CONFIG = {
  model_type: 'gpt2',
  architectures: ['GPT2LMHeadModel'],
  n_layer: 12,
  n_head: 12,
  n_embd: 768,
  n_positions: 1024,
  vocab_size: 50257,
};
/** Qwen2.5-0.5B-Instruct's config.json, the fields the check reads. */
const QWEN_CONFIG = {
  model_type: 'qwen2',
  architectures: ['Qwen2ForCausalLM'],
  hidden_size: 896,
  intermediate_size: 4864,
  num_hidden_layers: 24,
  num_attention_heads: 14,
  num_key_value_heads: 2,
  max_position_embeddings: 32768,
  vocab_size: 151936,
  rope_theta: 1000000,
  rms_norm_eps: 1e-6,
  hidden_act: 'silu',
  tie_word_embeddings: true,
  eos_token_id: 151645,
};
/** SmolLM2-135M's. */
const SMOL_CONFIG = {
  model_type: 'llama',
  architectures: ['LlamaForCausalLM'],
  hidden_size: 576,
  intermediate_size: 1536,
  num_hidden_layers: 30,
  num_attention_heads: 9,
  num_key_value_heads: 3,
  max_position_embeddings: 8192,
  vocab_size: 49152,
  rope_theta: 100000,
  hidden_act: 'silu',
  tie_word_embeddings: true,
};

const REPOS: Record<string, FakeRepo> = {
  'Xenova/gpt2': {
    config: GPT2_CONFIG,
    files: {
      'config.json': 665,
      'onnx/model.onnx': 653_700_000,
      'onnx/model_quantized.onnx': 164_600_000,
      'onnx/model_fp16.onnx': 327_500_000,
    },
  },
  'Xenova/distilgpt2': {
    config: { ...GPT2_CONFIG, n_layer: 6 },
    files: { 'config.json': 762, 'onnx/decoder_model_merged.onnx': 353_000_000 },
  },
  'onnx-community/Qwen2.5-0.5B-Instruct': {
    config: QWEN_CONFIG,
    files: {
      'config.json': 700,
      'tokenizer.json': 7_031_673,
      'tokenizer_config.json': 7_306,
      'onnx/model.onnx': 1_200_000,
      'onnx/model.onnx_data': 1_980_000_000,
      'onnx/model_fp16.onnx': 990_000_000,
      'onnx/model_quantized.onnx': 497_000_000,
    },
  },
  'HuggingFaceTB/SmolLM2-135M': {
    config: SMOL_CONFIG,
    files: { 'config.json': 704, 'onnx/model.onnx': 540_000_000 },
  },
  'google-bert/bert-base-uncased': {
    config: { model_type: 'bert', architectures: ['BertForMaskedLM'] },
    files: { 'onnx/model.onnx': 440_000_000 },
  },
  'Xenova/t5-small': {
    config: { model_type: 't5', is_encoder_decoder: true, architectures: ['T5'] },
    files: {},
  },
  'Xenova/mamba': {
    config: { model_type: 'mamba', architectures: ['MambaForCausalLM'] },
    files: {},
  },
  'meta-llama/Llama-3.2-1B': { config: SMOL_CONFIG, files: {}, gated: 'manual' },
  'someone/gated-file': { files: {}, status: 403, errorCode: 'GatedRepo' },
  'someone/weights-only': { config: GPT2_CONFIG, files: { 'model.safetensors': 548e6 } },
  'someone/scaled': {
    config: { ...SMOL_CONFIG, rope_scaling: { type: 'linear', factor: 2 } },
    files: { 'tokenizer.json': 1 },
  },
};

const check = (repo: string, byteLimit = 2 * GiB, repos = REPOS) =>
  checkHubModel(repo, { fetch: fakeHub(repos), origin: ORIGIN, byteLimit });

const refusal = (result: HubCheck) => (result.state === 'refused' ? result.refusal : null);

describe('checkHubModel', () => {
  it('offers GPT-2 in float32 with every precision listed, and counts its 124 M parameters', async () => {
    const result = await check('Xenova/gpt2');
    if (result.state !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.model.family).toBe('gpt2');
    expect(result.model.files.map((f) => f.precision)).toEqual(['fp32', 'fp16', 'q8']);
    expect(result.model.chosen).toEqual({
      precision: 'fp32',
      path: 'onnx/model.onnx',
      bytes: 653_700_000,
    });
    // The model cards' figures: 124 M (GPT-2), 82 M (distilgpt2), 494 M (Qwen2.5-0.5B), 135 M.
    expect(result.model.parameters / 124.4e6).toBeCloseTo(1, 2);
  });

  it('finds the older file name, and counts distilgpt2’s 82 M parameters', async () => {
    const result = await check('Xenova/distilgpt2');
    if (result.state !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.model.chosen.path).toBe('onnx/decoder_model_merged.onnx');
    expect(result.model.parameters / 81.9e6).toBeCloseTo(1, 2);
  });

  it('offers Qwen2.5-0.5B in 8-bit, skipping the float32 file split into external data', async () => {
    const result = await check('onnx-community/Qwen2.5-0.5B-Instruct');
    if (result.state !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.model).toMatchObject({ family: 'llama', modelType: 'qwen2' });
    expect(result.model.files.map((f) => f.precision)).toEqual(['fp16', 'q8']);
    expect(result.model.chosen.path).toBe('onnx/model_quantized.onnx');
    expect(result.model.shape.kvHeads).toBe(2);
    expect(result.model.parameters / 494e6).toBeCloseTo(1, 2);
    expect(result.model.extraBytes).toBe(700 + 7_031_673 + 7_306);
  });

  it('refuses a Llama-family repo without tokenizer.json, after counting SmolLM2', async () => {
    expect(refusal(await check('HuggingFaceTB/SmolLM2-135M'))).toEqual({ kind: 'no_tokenizer' });
  });

  it('refuses encoders and encoder–decoders, and names an unknown decoder’s architecture', async () => {
    expect(refusal(await check('google-bert/bert-base-uncased'))).toEqual({
      kind: 'encoder',
      architecture: 'BertForMaskedLM',
    });
    expect(refusal(await check('Xenova/t5-small'))).toMatchObject({ kind: 'encoder' });
    expect(refusal(await check('Xenova/mamba'))).toEqual({
      kind: 'architecture',
      architecture: 'MambaForCausalLM',
    });
  });

  it('tells a missing or private repo from a gated one', async () => {
    expect(refusal(await check('nobody/nothing'))).toEqual({ kind: 'not_found' });
    expect(refusal(await check('meta-llama/Llama-3.2-1B'))).toEqual({ kind: 'gated' });
    expect(refusal(await check('someone/gated-file'))).toEqual({ kind: 'gated' });
  });

  it('refuses a repo without loadable ONNX files, saying when only external-data ones exist', async () => {
    expect(refusal(await check('someone/weights-only'))).toEqual({
      kind: 'no_onnx',
      external: false,
    });
    const split: Record<string, FakeRepo> = {
      'a/split': {
        config: GPT2_CONFIG,
        files: { 'onnx/model.onnx': 1e6, 'onnx/model.onnx_data': 3e9 },
      },
    };
    expect(refusal(await check('a/split', 2 * GiB, split))).toEqual({
      kind: 'no_onnx',
      external: true,
    });
  });

  it('passes the config parser’s reason on', async () => {
    expect(refusal(await check('someone/scaled'))).toMatchObject({
      kind: 'config',
      detail: expect.stringContaining('rope_scaling') as unknown,
    });
  });

  it('refuses what is too big for the device, naming the smallest file and the limit', async () => {
    expect(refusal(await check('Xenova/gpt2', 100e6))).toEqual({
      kind: 'too_big',
      bytes: 164_600_000,
      limit: 100e6,
    });
    const result = await check('Xenova/gpt2', 200e6);
    expect(result.state === 'ok' && result.model.chosen.precision).toBe('q8');
  });

  it('refuses a malformed id without a request, and reports an unreachable Hub', async () => {
    const fetch = fakeHub(REPOS);
    const result = await checkHubModel('gpt2', { fetch, origin: ORIGIN, byteLimit: GiB });
    expect(refusal(result)).toEqual({ kind: 'bad_id' });
    expect(fetch).not.toHaveBeenCalled();
    const offline = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    const down = await checkHubModel('Xenova/gpt2', {
      fetch: offline,
      origin: ORIGIN,
      byteLimit: GiB,
    });
    expect(refusal(down)).toEqual({ kind: 'unreachable', detail: 'Failed to fetch' });
  });
});

describe('modelByteLimit', () => {
  it('is 2 GiB at most, and a quarter of a device’s reported memory', () => {
    expect(modelByteLimit(undefined)).toBe(2 * GiB);
    expect(modelByteLimit(16)).toBe(2 * GiB);
    expect(modelByteLimit(4)).toBe(GiB);
    expect(modelByteLimit(0.5)).toBe(GiB / 8);
  });
});
