import { describe, expect, it } from 'vitest';
import { llamaConfigJson, parseLlamaConfig, TINY_LLAMA, TINY_QWEN2 } from './llamaShape';
import { kvHeadsOf, parseModelConfig } from './modelShape';

/** SmolLM2-135M's config.json, as the Hub serves it (the fields the parsers read). */
const SMOLLM2_135M = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_act: 'silu',
  hidden_size: 576,
  intermediate_size: 1536,
  num_attention_heads: 9,
  num_key_value_heads: 3,
  num_hidden_layers: 30,
  max_position_embeddings: 8192,
  rms_norm_eps: 1e-5,
  rope_theta: 100000,
  rope_scaling: null,
  vocab_size: 49152,
  bos_token_id: 0,
  eos_token_id: 0,
  tie_word_embeddings: true,
  attention_bias: false,
  mlp_bias: false,
};

describe('Llama-family config.json', () => {
  it('round-trips the tiny shapes through the JSON the writer puts beside them', () => {
    for (const shape of [TINY_LLAMA, TINY_QWEN2]) {
      expect(parseLlamaConfig(llamaConfigJson(shape))).toEqual(shape);
    }
  });

  it("reads SmolLM2-135M's grouped-query shape, for the engine and for the writer", () => {
    const shape = parseModelConfig(SMOLLM2_135M);
    expect([shape.heads, shape.kvHeads, kvHeadsOf(shape), shape.width]).toEqual([9, 3, 3, 576]);
    expect(shape.layerNormEpsilon).toBe(1e-5);
    const llama = parseLlamaConfig(SMOLLM2_135M);
    expect([llama.intermediate, llama.ropeTheta, llama.tiedEmbeddings]).toEqual([
      1536,
      100000,
      true,
    ]);
  });

  it('leaves kvHeads out where every head has its own keys (GPT-2, or equal counts)', () => {
    const mha = parseModelConfig({ ...SMOLLM2_135M, num_key_value_heads: 9 });
    expect(mha.kvHeads).toBeUndefined();
    expect(kvHeadsOf(mha)).toBe(9);
  });

  it('refuses what the engine or the writer does not compute, saying what', () => {
    const refused =
      (patch: Record<string, unknown>, parse: (json: unknown) => unknown = parseLlamaConfig) =>
      (): unknown =>
        parse({ ...SMOLLM2_135M, ...patch });
    expect(refused({ num_key_value_heads: 2 }, parseModelConfig)).toThrow(/not a multiple/);
    expect(refused({ head_dim: 128 }, parseModelConfig)).toThrow(/head_dim 128/);
    expect(refused({ model_type: 'mistral' })).toThrow(/model_type mistral/);
    expect(refused({ hidden_act: 'gelu' })).toThrow(/hidden_act gelu/);
    expect(refused({ rope_scaling: { rope_type: 'llama3', factor: 8 } })).toThrow(/rope_scaling/);
    expect(refused({ attention_bias: true })).toThrow(/attention_bias/);
    expect(refused({ intermediate_size: undefined })).toThrow(/intermediate_size/);
  });
});
