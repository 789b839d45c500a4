/**
 * Writes a GPT-2 model as ONNX: embeddings, blocks and the tied head here; the attention and the
 * cache interface come from a layout (`attentionHf.ts`: the Hugging Face export's, which
 * transformers.js runs; `attentionSlots.ts`: the app's faster one). Opset-17 ops, plus, in the
 * slots layout, onnxruntime's own `com.microsoft` FusedMatMul (which reads the cache by strides);
 * onnxruntime's CPU, WASM and WebGPU providers all run both.
 */
import type { ModelShape } from '../modelShape';
import { hfLayout } from './attentionHf';
import { slotLayout } from './attentionSlots';
import { GraphBuilder } from './graphBuilder';
import { gemmTransposed, projectRows } from './lmHead';
import { addArgmaxAll, addLogitSummary } from './logitSummaryGraph';
import type { Layout, LayoutName } from './layout';
import { DataType } from './onnxSchema';
import { addQuantized, quantizeColumns, quantizedLinear, transpose } from './quantize';

/** fp32: every weight as float32; q8: matrices as int8 with per-column scales (quantize.ts). */
export type WriterPrecision = 'fp32' | 'q8';

/** Bump when the graph or its weights change, so generated models are rebuilt. */
export const GPT2_WRITER_VERSION = 'stepwise-gpt2-onnx-11';

/** One transformer block. Conv1D convention as in HF GPT-2: y = x @ W + b, W shaped [in, out]. */
export interface Gpt2LayerWeights {
  ln1Gamma: Float32Array; // [d]
  ln1Beta: Float32Array; // [d]
  attnW: Float32Array; // c_attn [d, 3d]: q | k | v
  attnB: Float32Array; // [3d]
  attnProjW: Float32Array; // c_proj [d, d]
  attnProjB: Float32Array; // [d]
  ln2Gamma: Float32Array; // [d]
  ln2Beta: Float32Array; // [d]
  fcW: Float32Array; // mlp.c_fc [d, 4d]
  fcB: Float32Array; // [4d]
  mlpProjW: Float32Array; // mlp.c_proj [4d, d]
  mlpProjB: Float32Array; // [d]
}

export interface Gpt2Weights {
  wte: Float32Array; // [vocab, d], also the (tied) output projection
  wpe: Float32Array; // [context, d]
  layers: Gpt2LayerWeights[];
  lnFGamma: Float32Array; // [d]
  lnFBeta: Float32Array; // [d]
}

/** Hugging Face parameter names, used as initializer names so the file reads like an export. */
export function layerWeightNames(i: number): Record<keyof Gpt2LayerWeights, string> {
  const p = `transformer.h.${i}`;
  return {
    ln1Gamma: `${p}.ln_1.weight`,
    ln1Beta: `${p}.ln_1.bias`,
    attnW: `${p}.attn.c_attn.weight`,
    attnB: `${p}.attn.c_attn.bias`,
    attnProjW: `${p}.attn.c_proj.weight`,
    attnProjB: `${p}.attn.c_proj.bias`,
    ln2Gamma: `${p}.ln_2.weight`,
    ln2Beta: `${p}.ln_2.bias`,
    fcW: `${p}.mlp.c_fc.weight`,
    fcB: `${p}.mlp.c_fc.bias`,
    mlpProjW: `${p}.mlp.c_proj.weight`,
    mlpProjB: `${p}.mlp.c_proj.bias`,
  };
}

/** gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), from elementwise ops (no Gelu op). */
function geluNew(g: GraphBuilder, x: string, p: string): string {
  const cubic = g.floatScalar('const_gelu_0.044715', 0.044715);
  const root = g.floatScalar('const_gelu_sqrt_2_over_pi', Math.sqrt(2 / Math.PI));
  const half = g.floatScalar('const_0.5', 0.5);
  const oneF = g.floatScalar('const_1.0', 1);
  const x3 = g.op('Mul', [g.op('Mul', [x, x]), x], {}, `${p}/x3`);
  const inner = g.op('Mul', [g.op('Add', [x, g.op('Mul', [x3, cubic])]), root], {}, `${p}/inner`);
  const t = g.op('Tanh', [inner], {}, `${p}/tanh`);
  return g.op('Mul', [g.op('Mul', [x, half]), g.op('Add', [t, oneF])], {}, `${p}/gelu`);
}

/** x @ W + b, in float32 or with W as int8 (see quantize.ts); W named as in addWeights. */
export type Linear = (x: string, w: string, b: string, out: string) => string;

export function linearFor(g: GraphBuilder, precision: WriterPrecision): Linear {
  return precision === 'q8'
    ? (x, w, b, out) => quantizedLinear(g, x, { values: `${w}.q`, scales: `${w}.scale` }, b, out)
    : (x, w, b, out) => g.op('Add', [g.op('MatMul', [x, w]), b], {}, out);
}

/**
 * One block: pre-norm attention (written by the layout) and MLP, each with a residual. With
 * `fastGelu` the MLP's bias and gelu_new are one com.microsoft `FastGelu` node (the same formula)
 * instead of ten element-wise ones: fewer kernels a step on a GPU, where each costs a dispatch
 * whatever its size (bench/README.md, "Graph capture on a real GPU"). Float32 weights only: the
 * product is a plain MatMul of `c_fc`, which an 8-bit file stores otherwise.
 */
export function block(
  g: GraphBuilder,
  shape: ModelShape,
  i: number,
  h: string,
  layout: Layout,
  linear: Linear,
  fastGelu = false,
): string {
  const d = shape.width;
  const n = layerWeightNames(i);
  const p = `layer${i}`;
  const eps = { float: shape.layerNormEpsilon };
  const ln1 = g.op('LayerNormalization', [h, n.ln1Gamma, n.ln1Beta], { axis: -1, epsilon: eps });
  const qkv = linear(ln1, n.attnW, n.attnB, `${p}/qkv`);
  const split = g.int64Const('split_qkv', [3], [d, d, d]);
  const [q, k, v] = g.node('Split', [qkv, split], [`${p}/q`, `${p}/k`, `${p}/v`], { axis: -1 });
  const merged = layout.attention(i, q, k, v);
  const attnOut = linear(merged, n.attnProjW, n.attnProjB, `${p}/attn_out`);
  const h1 = g.op('Add', [h, attnOut], {}, `${p}/residual_attn`);
  const ln2 = g.op('LayerNormalization', [h1, n.ln2Gamma, n.ln2Beta], { axis: -1, epsilon: eps });
  const fc = fastGelu
    ? g.msOp('FastGelu', [g.op('MatMul', [ln2, n.fcW]), n.fcB], {}, `${p}/mlp/gelu`)
    : geluNew(g, linear(ln2, n.fcW, n.fcB, `${p}/fc`), `${p}/mlp`);
  const mlpOut = linear(fc, n.mlpProjW, n.mlpProjB, `${p}/mlp_out`);
  return g.op('Add', [h1, mlpOut], {}, `${p}/residual_mlp`);
}

/** The shape of every block parameter, for width d (Conv1D convention: matrices [in, out]). */
export function layerWeightDims(d: number): Record<keyof Gpt2LayerWeights, number[]> {
  return {
    ln1Gamma: [d],
    ln1Beta: [d],
    attnW: [d, 3 * d],
    attnB: [3 * d],
    attnProjW: [d, d],
    attnProjB: [d],
    ln2Gamma: [d],
    ln2Beta: [d],
    fcW: [d, 4 * d],
    fcB: [4 * d],
    mlpProjW: [4 * d, d],
    mlpProjB: [d],
  };
}

/** The matrices of a block (2-D, read by a Linear); the rest are vectors and stay float32. */
const MATRICES: ReadonlySet<keyof Gpt2LayerWeights> = new Set([
  'attnW',
  'attnProjW',
  'fcW',
  'mlpProjW',
] as const);

/** The tied embedding/head matrix in q8 files: wte transposed to [width, vocab], int8. */
const WTE_T = 'transformer.wte.weight.T';

export function addWeights(g: GraphBuilder, shape: ModelShape, w: Gpt2Weights, q8: boolean): void {
  const d = shape.width;
  if (w.layers.length !== shape.layers) {
    throw new Error(`weights have ${w.layers.length} layers, shape says ${shape.layers}`);
  }
  if (q8) {
    const wteT = quantizeColumns(transpose(w.wte, shape.vocab, d), d, shape.vocab);
    addQuantized(g, WTE_T, [d, shape.vocab], wteT);
  } else {
    g.floatInit('transformer.wte.weight', [shape.vocab, d], w.wte);
  }
  g.floatInit('transformer.wpe.weight', [shape.context, d], w.wpe);
  w.layers.forEach((layer, i) => {
    const n = layerWeightNames(i);
    const dims = layerWeightDims(d);
    for (const key of Object.keys(dims) as (keyof Gpt2LayerWeights)[]) {
      if (q8 && MATRICES.has(key)) {
        const [rows, cols] = dims[key];
        addQuantized(g, n[key], [rows, cols], quantizeColumns(layer[key], rows, cols));
      } else {
        g.floatInit(n[key], dims[key], layer[key]);
      }
    }
  });
  g.floatInit('transformer.ln_f.weight', [d], w.lnFGamma);
  g.floatInit('transformer.ln_f.bias', [d], w.lnFBeta);
}

/**
 * Builds the ONNX model bytes; weights go inline as raw_data (fine below 2 GB).
 * `hf`: the Hugging Face export's interface (transformers.js runs it); `slots`: the faster cache
 * interface of `attentionSlots.ts`, which the app's engine prefers.
 */
export function buildGpt2Model(
  shape: ModelShape,
  weights: Gpt2Weights,
  layoutName: LayoutName = 'hf',
  precision: WriterPrecision = 'fp32',
): Uint8Array {
  const g = new GraphBuilder('stepwise_gpt2');
  const layout = layoutName === 'hf' ? hfLayout(g, shape) : slotLayout(g, shape);
  const q8 = precision === 'q8';
  addWeights(g, shape, weights, q8);
  const linear = linearFor(g, precision);

  const tokens = q8
    ? embedQuantized(g)
    : g.op('Gather', ['transformer.wte.weight', 'input_ids'], {}, 'embed/tokens');
  const positions = g.op('Gather', ['transformer.wpe.weight', 'position_ids'], {}, 'embed/pos');
  let h = g.op('Add', [tokens, positions], {}, 'embed/sum');
  for (let i = 0; i < shape.layers; i++) h = block(g, shape, i, h, layout, linear);
  const logits = tiedHead(g, shape, layout.logitRows(h), q8, 'logits');
  // The slots interface returns the rows `logit_rows` asks for (one for a step); their summary
  // spares the engine a JS pass, and its ranking gives each row's argmax.
  if (layoutName === 'slots') {
    addLogitSummary(g, logits, shape.vocab);
    addArgmaxAll(g);
  }
  return g.build({ producerVersion: `${GPT2_WRITER_VERSION} ${layoutName} ${precision}` });
}

/**
 * ln_f and the tied output projection over rows `x` ([batch, rows, width]) → `out` ([batch, rows,
 * vocab]; [rows, vocab] with `flat`, for a file of batch 1: see projectRows in lmHead.ts).
 */
export function tiedHead(
  g: GraphBuilder,
  shape: ModelShape,
  x: string,
  q8: boolean,
  out: string,
  flat = false,
): string {
  const p = 'final';
  const eps = { float: shape.layerNormEpsilon };
  const lnF = g.op(
    'LayerNormalization',
    [x, 'transformer.ln_f.weight', 'transformer.ln_f.bias'],
    { axis: -1, epsilon: eps },
    `${p}/ln_f`,
  );
  // Tied output projection: wte as [vocab, d] (Gemm with transB), or its int8 transpose.
  const project = (rows: string, name = `${p}/lm_head`): string =>
    q8
      ? quantizedLinear(g, rows, { values: `${WTE_T}.q`, scales: `${WTE_T}.scale` }, null, name)
      : gemmTransposed(g, rows, 'transformer.wte.weight', name);
  return projectRows(g, lnF, shape.width, shape.vocab, project, out, p, flat);
}

/**
 * Token embeddings from the q8 head matrix ([width, vocab] int8, one scale per token): gathering
 * columns reads only the fed tokens', so the file holds the embedding once, in 8 bits.
 */
function embedQuantized(g: GraphBuilder): string {
  const columns = g.op('Gather', [`${WTE_T}.q`, 'input_ids'], { axis: 1 }, 'embed/columns');
  const rows = g.op('Transpose', [columns], { perm: [1, 2, 0] }, 'embed/rows'); // [b, s, width]
  const scale = g.op('Gather', [`${WTE_T}.scale`, 'input_ids'], {}, 'embed/scale'); // [b, s]
  const scale3 = g.op('Unsqueeze', [scale, g.int64Const('axes_last', [1], [-1])]);
  return g.op('Mul', [g.op('Cast', [rows], { to: DataType.FLOAT }), scale3], {}, 'embed/tokens');
}
