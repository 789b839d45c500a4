/**
 * The shape of a decoder model (GPT-2 family, or Llama family), read from the Hugging Face
 * `config.json`. One named type instead of loose numbers, shared by the writer, the reference pass
 * and the decoder.
 */
export interface ModelShape {
  /** Transformer blocks (`n_layer`). */
  layers: number;
  /** Attention heads per block (`n_head`). */
  heads: number;
  /**
   * Key/value heads per block where they are fewer than `heads` (grouped-query attention,
   * `num_key_value_heads`): the cache holds this many heads. Absent: as many as `heads`.
   */
  kvHeads?: number;
  /** Width of the residual stream (`n_embd`). */
  width: number;
  /** Vocabulary size (`vocab_size`), 50257 for GPT-2. */
  vocab: number;
  /** Longest sequence the position table covers (`n_positions`). */
  context: number;
  /** Token that ends a text (`eos_token_id`), 50256 for GPT-2. */
  eosTokenId: number;
  /** Normalisation epsilon (`layer_norm_epsilon`, or `rms_norm_eps` for RMSNorm models). */
  layerNormEpsilon: number;
}

export const headDim = (shape: ModelShape): number => shape.width / shape.heads;

/** The heads the cache holds per layer: the key/value heads (fewer under grouped-query attention). */
export const kvHeadsOf = (shape: ModelShape): number => shape.kvHeads ?? shape.heads;

const readNumber = (config: Record<string, unknown>, keys: string[]): number | undefined =>
  keys.map((key) => config[key]).find((value): value is number => typeof value === 'number');

function readPositiveInt(config: Record<string, unknown>, keys: string[]): number {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  throw new Error(`config.json lacks a positive integer "${keys[0]}"`);
}

/**
 * Parses a Hugging Face decoder `config.json` (GPT-2's names, or Llama's and Qwen2's); throws a
 * readable error when it is not one.
 */
export function parseModelConfig(json: unknown): ModelShape {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('config.json is not a JSON object');
  }
  const config = json as Record<string, unknown>;
  const shape: ModelShape = {
    layers: readPositiveInt(config, ['n_layer', 'num_hidden_layers']),
    heads: readPositiveInt(config, ['n_head', 'num_attention_heads']),
    width: readPositiveInt(config, ['n_embd', 'hidden_size']),
    vocab: readPositiveInt(config, ['vocab_size']),
    context: readPositiveInt(config, ['n_positions', 'max_position_embeddings']),
    eosTokenId: typeof config.eos_token_id === 'number' ? config.eos_token_id : 50256,
    layerNormEpsilon: readNumber(config, ['layer_norm_epsilon', 'rms_norm_eps']) ?? 1e-5,
  };
  if (shape.width % shape.heads !== 0) {
    throw new Error(`config.json: n_embd ${shape.width} is not divisible by n_head ${shape.heads}`);
  }
  if (config.num_key_value_heads !== undefined) {
    const kvHeads = readPositiveInt(config, ['num_key_value_heads']);
    if (shape.heads % kvHeads !== 0) {
      throw new Error(
        `config.json: num_attention_heads ${shape.heads} is not a multiple of num_key_value_heads ${kvHeads}`,
      );
    }
    if (kvHeads !== shape.heads) shape.kvHeads = kvHeads;
  }
  // Some configs (Qwen3, Gemma) set a head size other than width / heads; the engine has none.
  const size = config.head_dim;
  if (typeof size === 'number' && size !== headDim(shape)) {
    throw new Error(`config.json: head_dim ${size} is not hidden_size / num_attention_heads`);
  }
  return shape;
}

/** The `config.json` a Hugging Face GPT-2 export carries, for a given shape. */
export function modelConfigJson(shape: ModelShape): Record<string, unknown> {
  return {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    activation_function: 'gelu_new',
    n_layer: shape.layers,
    n_head: shape.heads,
    n_embd: shape.width,
    n_positions: shape.context,
    n_ctx: shape.context,
    vocab_size: shape.vocab,
    bos_token_id: shape.eosTokenId,
    eos_token_id: shape.eosTokenId,
    layer_norm_epsilon: shape.layerNormEpsilon,
    tie_word_embeddings: true,
    use_cache: true,
  };
}

export const TINY_GPT2: ModelShape = {
  layers: 2,
  heads: 4,
  width: 64,
  vocab: 50257,
  context: 256,
  eosTokenId: 50256,
  layerNormEpsilon: 1e-5,
};

export const GPT2_SMALL: ModelShape = {
  layers: 12,
  heads: 12,
  width: 768,
  vocab: 50257,
  context: 1024,
  eosTokenId: 50256,
  layerNormEpsilon: 1e-5,
};
