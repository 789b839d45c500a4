/**
 * The weights of a Llama-family decoder, in Hugging Face's layout (nn.Linear matrices stored
 * [out, in], as `model.safetensors` holds them), and seeded ones for tests, drawn from the same
 * generator as tiny-gpt2's (tinyWeights.ts).
 */
import { hasQkvBias, type LlamaShape } from '../llamaShape';
import { headDim } from '../modelShape';
import { NormalSampler } from './tinyWeights';

export interface LlamaLayerWeights {
  inputNorm: Float32Array; // input_layernorm [d]
  qW: Float32Array; // q_proj [heads·hd, d]
  kW: Float32Array; // k_proj [kvHeads·hd, d]
  vW: Float32Array; // v_proj [kvHeads·hd, d]
  /** q/k/v biases (Qwen2 only): [heads·hd], [kvHeads·hd], [kvHeads·hd]. */
  qB?: Float32Array;
  kB?: Float32Array;
  vB?: Float32Array;
  oW: Float32Array; // o_proj [d, heads·hd]
  postNorm: Float32Array; // post_attention_layernorm [d]
  gateW: Float32Array; // mlp.gate_proj [intermediate, d]
  upW: Float32Array; // mlp.up_proj [intermediate, d]
  downW: Float32Array; // mlp.down_proj [d, intermediate]
}

export interface LlamaWeights {
  embed: Float32Array; // model.embed_tokens [vocab, d]
  layers: LlamaLayerWeights[];
  norm: Float32Array; // model.norm [d]
  /** lm_head [vocab, d]; absent when the head is the embedding (tied). */
  lmHead?: Float32Array;
}

/** The [rows, cols] of each matrix of a block, in Hugging Face's [out, in] layout. */
export function llamaMatrixDims(
  shape: LlamaShape,
): Record<'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down', [number, number]> {
  const d = shape.width;
  const q = shape.heads * headDim(shape);
  const kv = shape.kvHeads * headDim(shape);
  const m = shape.intermediate;
  return {
    q: [q, d],
    k: [kv, d],
    v: [kv, d],
    o: [d, q],
    gate: [m, d],
    up: [m, d],
    down: [d, m],
  };
}

/** Standard deviations of each weight family; norm gains are 1 + N(0, normSpread). */
export interface LlamaScales {
  embed: number;
  attn: number;
  mlp: number;
  bias: number;
  normSpread: number;
  head: number;
}

/**
 * Scales for the tiny test models, chosen so greedy decoding depends on the context and does not
 * settle on one token: large attention and MLP weights against a small embedding, as tiny-gpt2's.
 */
export const TINY_LLAMA_SCALES: LlamaScales = {
  embed: 0.5,
  attn: 0.3,
  mlp: 0.3,
  bias: 0.1,
  normSpread: 0.3,
  head: 0.5,
};

/** Seeded weights for `shape`: the same bytes for the same seed on every machine. */
export function makeLlamaWeights(
  shape: LlamaShape,
  seed: number,
  scales: LlamaScales = TINY_LLAMA_SCALES,
): LlamaWeights {
  const rng = new NormalSampler(seed);
  const d = shape.width;
  const dims = llamaMatrixDims(shape);
  const matrix = (key: keyof typeof dims, std: number): Float32Array =>
    rng.fill(dims[key][0] * dims[key][1], std);
  const gain = (): Float32Array => rng.fill(d, scales.normSpread, 1);
  const bias = hasQkvBias(shape);
  const embed = rng.fill(shape.vocab * d, scales.embed);
  const layers: LlamaLayerWeights[] = [];
  for (let i = 0; i < shape.layers; i++) {
    layers.push({
      inputNorm: gain(),
      qW: matrix('q', scales.attn),
      kW: matrix('k', scales.attn),
      vW: matrix('v', scales.attn),
      ...(bias
        ? {
            qB: rng.fill(dims.q[0], scales.bias),
            kB: rng.fill(dims.k[0], scales.bias),
            vB: rng.fill(dims.v[0], scales.bias),
          }
        : {}),
      oW: matrix('o', scales.attn),
      postNorm: gain(),
      gateW: matrix('gate', scales.mlp),
      upW: matrix('up', scales.mlp),
      downW: matrix('down', scales.mlp),
    });
  }
  const norm = gain();
  const lmHead = shape.tiedEmbeddings ? undefined : rng.fill(shape.vocab * d, scales.head);
  return { embed, layers, norm, ...(lmHead ? { lmHead } : {}) };
}
