/**
 * The architecture of a Llama-family decoder (Llama, SmolLM2, Qwen2): what the writer and the
 * float64 reference need beyond the engine's `ModelShape` — the MLP's width, the rotary base,
 * whether the head is the embedding and whether q/k/v carry biases — read from and written as
 * the Hugging Face `LlamaConfig` / `Qwen2Config` JSON.
 */
import { parseModelConfig, type ModelShape } from './modelShape';

export type LlamaModelType = 'llama' | 'qwen2';

export interface LlamaShape extends ModelShape {
  /** `llama` (no biases) or `qwen2` (biases on q, k and v only). */
  modelType: LlamaModelType;
  /** Key/value heads (`num_key_value_heads`); `heads` is a multiple of it. */
  kvHeads: number;
  /** Width of the SwiGLU MLP (`intermediate_size`). */
  intermediate: number;
  /** Base of the rotary frequencies (`rope_theta`). */
  ropeTheta: number;
  /** The head reuses the token embedding (`tie_word_embeddings`). */
  tiedEmbeddings: boolean;
}

/** Whether q, k and v projections carry biases: Qwen2's do, Llama's do not. */
export const hasQkvBias = (shape: LlamaShape): boolean => shape.modelType === 'qwen2';

/** A number field, `fallback` where it is absent; throws where it is something else. */
function numberField(config: Record<string, unknown>, key: string, fallback: number): number {
  const value = config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`config.json: "${key}" is not a positive number`);
  }
  return value;
}

/**
 * Parses a Llama or Qwen2 `config.json`; refuses, with the reason, the variants this architecture
 * does not compute (another activation, scaled rotary, biases elsewhere than Qwen2's).
 */
export function parseLlamaConfig(json: unknown): LlamaShape {
  const shape = parseModelConfig(json);
  const config = json as Record<string, unknown>;
  const modelType = config.model_type;
  if (modelType !== 'llama' && modelType !== 'qwen2') {
    throw new Error(`config.json: model_type ${String(modelType)} is not llama or qwen2`);
  }
  const act = config.hidden_act ?? 'silu';
  if (act !== 'silu') throw new Error(`config.json: hidden_act ${String(act)} is not silu`);
  if (config.rope_scaling !== undefined && config.rope_scaling !== null) {
    throw new Error('config.json: scaled rotary embeddings (rope_scaling) are not supported');
  }
  if (config.attention_bias === true || config.mlp_bias === true) {
    throw new Error('config.json: attention_bias / mlp_bias are not supported');
  }
  return {
    ...shape,
    modelType,
    kvHeads: shape.kvHeads ?? shape.heads,
    intermediate: numberField(config, 'intermediate_size', 0),
    ropeTheta: numberField(config, 'rope_theta', 10000),
    tiedEmbeddings: config.tie_word_embeddings === true,
  };
}

/** The `config.json` of a Hugging Face export of this shape (the fields transformers.js reads). */
export function llamaConfigJson(shape: LlamaShape): Record<string, unknown> {
  const qwen = shape.modelType === 'qwen2';
  return {
    architectures: [qwen ? 'Qwen2ForCausalLM' : 'LlamaForCausalLM'],
    model_type: shape.modelType,
    hidden_act: 'silu',
    hidden_size: shape.width,
    intermediate_size: shape.intermediate,
    num_attention_heads: shape.heads,
    num_key_value_heads: shape.kvHeads,
    num_hidden_layers: shape.layers,
    max_position_embeddings: shape.context,
    rms_norm_eps: shape.layerNormEpsilon,
    rope_theta: shape.ropeTheta,
    rope_scaling: null,
    vocab_size: shape.vocab,
    bos_token_id: shape.eosTokenId,
    eos_token_id: shape.eosTokenId,
    tie_word_embeddings: shape.tiedEmbeddings,
    ...(qwen ? {} : { attention_bias: false, mlp_bias: false }),
    torch_dtype: 'float32',
    use_cache: true,
  };
}

/** A tiny Llama: 2 layers, width 64, 4 heads sharing 2 key/value heads, tied head. */
export const TINY_LLAMA: LlamaShape = {
  modelType: 'llama',
  layers: 2,
  heads: 4,
  kvHeads: 2,
  width: 64,
  intermediate: 160,
  vocab: 512,
  context: 256,
  eosTokenId: 0,
  layerNormEpsilon: 1e-5,
  ropeTheta: 10000,
  tiedEmbeddings: true,
};

/** The same size as Qwen2 lays it out: q/k/v biases, a head of its own, Qwen2's rotary base. */
export const TINY_QWEN2: LlamaShape = {
  ...TINY_LLAMA,
  modelType: 'qwen2',
  layerNormEpsilon: 1e-6,
  ropeTheta: 1000000,
  tiedEmbeddings: false,
};

/**
 * Qwen2.5-0.5B's shape (its config.json): 24 blocks of width 896, 14 query heads sharing 2
 * key/value heads, a 4 864-wide MLP, Qwen's 151 936-token table tied to the head; 494 M
 * parameters. The benchmark writes it with random weights (`npm run models:qwen-shaped`), as
 * gpt2-shaped stands for GPT-2, to measure a 0.5B-class model without downloading one.
 */
export const QWEN25_05B: LlamaShape = {
  modelType: 'qwen2',
  layers: 24,
  heads: 14,
  kvHeads: 2,
  width: 896,
  intermediate: 4864,
  vocab: 151936,
  context: 32768,
  eosTokenId: 151645,
  layerNormEpsilon: 1e-6,
  ropeTheta: 1000000,
  tiedEmbeddings: true,
};

/**
 * A tiny Qwen2 with Qwen2.5's whole token table (151 936 rows) tied to the head: width 8 keeps
 * the file near 5 MB, and Qwen's real tokenizer files fit it (tests of the Llama-family path in
 * the page and the CLI).
 */
export const TINY_QWEN2_QWEN_VOCAB: LlamaShape = {
  modelType: 'qwen2',
  layers: 2,
  heads: 2,
  kvHeads: 1,
  width: 8,
  intermediate: 16,
  vocab: 151936,
  context: 256,
  eosTokenId: 151645,
  layerNormEpsilon: 1e-6,
  ropeTheta: 1000000,
  tiedEmbeddings: true,
};
