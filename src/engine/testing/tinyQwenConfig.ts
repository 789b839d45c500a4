/**
 * A tiny Qwen2's config.json as fake Hubs serve it in unit tests: 2 layers, width 64, 4 heads
 * sharing 2 key/value heads, Qwen's 151 936-token table. Each test adds the fields it reads
 * beyond these (the end-of-text id, the MLP's width).
 */
export const TINY_QWEN2_CONFIG = {
  model_type: 'qwen2',
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  hidden_size: 64,
  vocab_size: 151936,
  max_position_embeddings: 256,
};
