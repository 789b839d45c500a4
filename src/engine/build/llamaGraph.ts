/**
 * Writes a Llama-family decoder (Llama, SmolLM2, Qwen2) as ONNX in the Hugging Face export's cache
 * interface (attentionHf.ts, which transformers.js runs): RMSNorm, rotary embeddings
 * (rotaryGraph.ts), grouped-query attention and a SwiGLU MLP. Opset-17 ops only: RMSNorm is
 * written out (ReduceMean, Sqrt, Div), as opset 17 has no RMSNormalization.
 */
import { hasQkvBias, type LlamaShape } from '../llamaShape';
import { hfLayout } from './attentionHf';
import { GraphBuilder } from './graphBuilder';
import type { Layout } from './layout';
import { type LlamaLayerWeights, type LlamaWeights, llamaMatrixDims } from './llamaWeights';
import { gemmTransposed, projectRows } from './lmHead';
import {
  addQuantizedTable,
  gatherQuantizedRows,
  quantizedTableHead,
  type LlamaPrecision,
} from './llamaQuant';
import { addQuantized, quantizeColumns, quantizedLinear, transpose } from './quantize';
import { rotaryRotation } from './rotaryGraph';

/** Bump when the graph or its weights change, so generated models are rebuilt. */
export const LLAMA_WRITER_VERSION = 'stepwise-llama-onnx-1';

type Matrix = 'qW' | 'kW' | 'vW' | 'oW' | 'gateW' | 'upW' | 'downW';
const MATRICES: readonly (readonly [Matrix, keyof ReturnType<typeof llamaMatrixDims>])[] = [
  ['qW', 'q'],
  ['kW', 'k'],
  ['vW', 'v'],
  ['oW', 'o'],
  ['gateW', 'gate'],
  ['upW', 'up'],
  ['downW', 'down'],
];

/**
 * Hugging Face parameter names. Matrices are written transposed to [in, out] (what MatMul reads),
 * under their name with `.T`, as an Optimum export stores them transposed too.
 */
export function llamaWeightNames(i: number): Record<keyof LlamaLayerWeights, string> {
  const p = `model.layers.${i}`;
  return {
    inputNorm: `${p}.input_layernorm.weight`,
    qW: `${p}.self_attn.q_proj.weight.T`,
    kW: `${p}.self_attn.k_proj.weight.T`,
    vW: `${p}.self_attn.v_proj.weight.T`,
    qB: `${p}.self_attn.q_proj.bias`,
    kB: `${p}.self_attn.k_proj.bias`,
    vB: `${p}.self_attn.v_proj.bias`,
    oW: `${p}.self_attn.o_proj.weight.T`,
    postNorm: `${p}.post_attention_layernorm.weight`,
    gateW: `${p}.mlp.gate_proj.weight.T`,
    upW: `${p}.mlp.up_proj.weight.T`,
    downW: `${p}.mlp.down_proj.weight.T`,
  };
}

export const EMBED = 'model.embed_tokens.weight';
export const FINAL_NORM = 'model.norm.weight';
export const LM_HEAD = 'lm_head.weight';

function addLlamaWeights(
  g: GraphBuilder,
  shape: LlamaShape,
  w: LlamaWeights,
  precision: LlamaPrecision,
): void {
  if (w.layers.length !== shape.layers) {
    throw new Error(`weights have ${w.layers.length} layers, shape says ${shape.layers}`);
  }
  if (shape.tiedEmbeddings === (w.lmHead !== undefined)) {
    throw new Error('an lm_head is given exactly when the embeddings are not tied');
  }
  const d = shape.width;
  const dims = llamaMatrixDims(shape);
  if (precision === 'q8') addQuantizedTable(g, EMBED, shape.vocab, d, w.embed);
  else g.floatInit(EMBED, [shape.vocab, d], w.embed);
  w.layers.forEach((layer, i) => {
    const n = llamaWeightNames(i);
    g.floatInit(n.inputNorm, [d], layer.inputNorm);
    g.floatInit(n.postNorm, [d], layer.postNorm);
    for (const [key, dim] of MATRICES) {
      const [rows, cols] = dims[dim];
      const stored = transpose(layer[key], rows, cols); // [in, out], as MatMul reads it
      if (precision === 'q8')
        addQuantized(g, n[key], [cols, rows], quantizeColumns(stored, cols, rows));
      else g.floatInit(n[key], [cols, rows], stored);
    }
    if (hasQkvBias(shape)) {
      const biases = [
        ['qB', dims.q[0]],
        ['kB', dims.k[0]],
        ['vB', dims.v[0]],
      ] as const;
      for (const [key, size] of biases) {
        const bias = layer[key];
        if (!bias) throw new Error(`layer ${i} lacks its ${key} (qwen2 has q/k/v biases)`);
        g.floatInit(n[key], [size], bias);
      }
    }
  });
  g.floatInit(FINAL_NORM, [d], w.norm);
  if (!w.lmHead) return;
  if (precision === 'q8') addQuantizedTable(g, LM_HEAD, shape.vocab, d, w.lmHead, false);
  else g.floatInit(LM_HEAD, [shape.vocab, d], w.lmHead);
}

/** RMSNorm over the last axis: x / sqrt(mean(x²) + eps) · gain. */
function rmsNorm(g: GraphBuilder, shape: LlamaShape, x: string, gain: string, p: string): string {
  const eps = g.floatScalar('const_rms_eps', shape.layerNormEpsilon);
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], { axes: [-1], keepdims: 1 });
  const rms = g.op('Sqrt', [g.op('Add', [meanSquare, eps])], {}, `${p}/rms`);
  return g.op('Mul', [g.op('Div', [x, rms]), gain], {}, `${p}/normed`);
}

/** x @ Wᵀ (+ b), with Wᵀ stored [in, out]. */
type Linear = (x: string, w: string, b: string | null, out: string) => string;

function linearFor(g: GraphBuilder, precision: LlamaPrecision): Linear {
  if (precision === 'q8') {
    return (x, w, b, out) =>
      quantizedLinear(g, x, { values: `${w}.q`, scales: `${w}.scale` }, b, out);
  }
  return (x, w, b, out) =>
    b ? g.op('Add', [g.op('MatMul', [x, w]), b], {}, out) : g.op('MatMul', [x, w], {}, out);
}

/** One block: h += attn(norm(h)); h += down(silu(gate(norm(h))) ⊙ up(norm(h))). */
function llamaBlock(
  g: GraphBuilder,
  shape: LlamaShape,
  i: number,
  h: string,
  layout: Layout,
  linear: Linear,
): string {
  const n = llamaWeightNames(i);
  const p = `layer${i}`;
  const bias = hasQkvBias(shape);
  const x = rmsNorm(g, shape, h, n.inputNorm, `${p}/input_norm`);
  const q = linear(x, n.qW, bias ? n.qB : null, `${p}/q`);
  const k = linear(x, n.kW, bias ? n.kB : null, `${p}/k`);
  const v = linear(x, n.vW, bias ? n.vB : null, `${p}/v`);
  const attnOut = linear(layout.attention(i, q, k, v), n.oW, null, `${p}/attn_out`);
  const h1 = g.op('Add', [h, attnOut], {}, `${p}/residual_attn`);
  const y = rmsNorm(g, shape, h1, n.postNorm, `${p}/post_norm`);
  const gate = linear(y, n.gateW, null, `${p}/gate`);
  const silu = g.op('Mul', [gate, g.op('Sigmoid', [gate])], {}, `${p}/silu`);
  const up = linear(y, n.upW, null, `${p}/up`);
  const mlpOut = linear(g.op('Mul', [silu, up]), n.downW, null, `${p}/mlp_out`);
  return g.op('Add', [h1, mlpOut], {}, `${p}/residual_mlp`);
}

/**
 * The model's bytes in the Hugging Face interface; weights go inline (fine below 2 GB). `q8`
 * stores every matrix as int8 (quantize.ts), the token table too (llamaQuant.ts): the layout of
 * the Hub's `model_quantized.onnx`, a quarter of the bytes a step reads.
 */
export function buildLlamaModel(
  shape: LlamaShape,
  weights: LlamaWeights,
  precision: LlamaPrecision = 'fp32',
): Uint8Array {
  const g = new GraphBuilder('stepwise_llama');
  const layout = hfLayout(g, shape, rotaryRotation(g, shape, shape.ropeTheta));
  addLlamaWeights(g, shape, weights, precision);
  const linear = linearFor(g, precision);
  let h =
    precision === 'q8'
      ? gatherQuantizedRows(g, EMBED, 'input_ids', 'embed/tokens')
      : g.op('Gather', [EMBED, 'input_ids'], {}, 'embed/tokens');
  for (let i = 0; i < shape.layers; i++) h = llamaBlock(g, shape, i, h, layout, linear);
  const normed = rmsNorm(g, shape, h, FINAL_NORM, 'final/norm');
  const head = shape.tiedEmbeddings ? EMBED : LM_HEAD;
  const project = (flat: string): string =>
    precision === 'q8'
      ? quantizedTableHead(g, flat, head, 'final/lm_head')
      : gemmTransposed(g, flat, head, 'final/lm_head');
  projectRows(g, normed, shape.width, shape.vocab, project, 'logits');
  return g.build({ producerVersion: `${LLAMA_WRITER_VERSION} hf ${precision}` });
}
