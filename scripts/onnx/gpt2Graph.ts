/**
 * Writes a GPT-2 model as ONNX in the layout of the Hugging Face export that transformers.js
 * runs: inputs input_ids / attention_mask / position_ids / past_key_values.{i}.key|value, outputs
 * logits / present.{i}.key|value. Standard opset-17 ops only, so onnxruntime CPU, WASM and
 * WebGPU all run it.
 */
import { headDim, type ModelShape } from '../../src/engine/modelShape';
import { GraphBuilder } from './graphBuilder';
import { DataType } from './onnxSchema';

/** Bump when the graph or its weights change, so generated models are rebuilt. */
export const GPT2_WRITER_VERSION = 'stepwise-gpt2-onnx-1';

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

// Symbolic dimension names, as in the HF export.
const BATCH = 'batch_size';
const SEQ = 'sequence_length';
const PAST = 'past_sequence_length';
const TOTAL = 'total_sequence_length';

/** float32's lowest value, what HF uses for masked scores (Where selects it, so no overflow). */
const MASKED_SCORE = -3.4028234663852886e38;

/** Causal ∧ padding mask [batch, 1, seq, total], built once and shared by every layer. */
function buildMask(g: GraphBuilder): string {
  const zero = g.int64Const('const_0', [], [0]);
  const one = g.int64Const('const_1', [], [1]);
  const axis0 = g.int64Const('axes_0', [1], [0]);
  const axis1 = g.int64Const('axes_1', [1], [1]);
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids']), one], {}, 'mask/seq_len');
  const totalLen = g.op('Gather', [g.op('Shape', ['attention_mask']), one], {}, 'mask/total_len');
  const pastLen = g.op('Sub', [totalLen, seqLen], {}, 'mask/past_len');
  // Query i sits at absolute position past + i; key j is visible to it iff j <= past + i.
  const queryPos = g.op('Range', [pastLen, totalLen, one], {}, 'mask/query_pos');
  const keyPos = g.op('Range', [zero, totalLen, one], {}, 'mask/key_pos');
  const causal = g.op(
    'LessOrEqual',
    [g.op('Unsqueeze', [keyPos, axis0]), g.op('Unsqueeze', [queryPos, axis1])],
    {},
    'mask/causal', // [seq, total]
  );
  const padding = g.op('Cast', ['attention_mask'], { to: DataType.BOOL }, 'mask/padding');
  const axes12 = g.int64Const('axes_1_2', [2], [1, 2]);
  const padding4d = g.op('Unsqueeze', [padding, axes12], {}, 'mask/padding_4d'); // [b,1,1,total]
  return g.op('And', [padding4d, causal], {}, 'mask/attention'); // [b,1,seq,total]
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

function linear(g: GraphBuilder, x: string, w: string, b: string, out: string): string {
  return g.op('Add', [g.op('MatMul', [x, w]), b], {}, out);
}

function block(g: GraphBuilder, shape: ModelShape, i: number, h: string, mask: string): string {
  const d = shape.width;
  const hd = headDim(shape);
  const n = layerWeightNames(i);
  const p = `layer${i}`;
  const eps = { float: shape.layerNormEpsilon };
  const ln1 = g.op('LayerNormalization', [h, n.ln1Gamma, n.ln1Beta], { axis: -1, epsilon: eps });
  const qkv = linear(g, ln1, n.attnW, n.attnB, `${p}/qkv`);
  const split = g.int64Const('split_qkv', [3], [d, d, d]);
  const [q, k, v] = g.node('Split', [qkv, split], [`${p}/q`, `${p}/k`, `${p}/v`], { axis: -1 });
  const headsShape = g.int64Const('shape_heads', [4], [0, 0, shape.heads, hd]);
  // [b, s, d] → [b, s, heads, hd] → [b, heads, s, hd]
  const toHeads = (x: string): string =>
    g.op('Transpose', [g.op('Reshape', [x, headsShape])], { perm: [0, 2, 1, 3] });
  const presentK = g.op(
    'Concat',
    [`past_key_values.${i}.key`, toHeads(k)],
    { axis: 2 },
    `present.${i}.key`,
  );
  const presentV = g.op(
    'Concat',
    [`past_key_values.${i}.value`, toHeads(v)],
    { axis: 2 },
    `present.${i}.value`,
  );
  const keysT = g.op('Transpose', [presentK], { perm: [0, 1, 3, 2] }); // [b, heads, hd, total]
  const scale = g.floatScalar('const_attn_scale', 1 / Math.sqrt(hd));
  const scores = g.op('Mul', [g.op('MatMul', [toHeads(q), keysT]), scale], {}, `${p}/scores`);
  const masked = g.op('Where', [mask, scores, g.floatScalar('const_masked', MASKED_SCORE)]);
  const probs = g.op('Softmax', [masked], { axis: -1 }, `${p}/probs`);
  const context = g.op('Transpose', [g.op('MatMul', [probs, presentV])], { perm: [0, 2, 1, 3] });
  const merged = g.op('Reshape', [context, g.int64Const('shape_width', [3], [0, 0, d])]);
  const attnOut = linear(g, merged, n.attnProjW, n.attnProjB, `${p}/attn_out`);
  const h1 = g.op('Add', [h, attnOut], {}, `${p}/residual_attn`);
  const ln2 = g.op('LayerNormalization', [h1, n.ln2Gamma, n.ln2Beta], { axis: -1, epsilon: eps });
  const fc = geluNew(g, linear(g, ln2, n.fcW, n.fcB, `${p}/fc`), `${p}/mlp`);
  const mlpOut = linear(g, fc, n.mlpProjW, n.mlpProjB, `${p}/mlp_out`);
  return g.op('Add', [h1, mlpOut], {}, `${p}/residual_mlp`);
}

function addWeights(g: GraphBuilder, shape: ModelShape, w: Gpt2Weights): void {
  const d = shape.width;
  if (w.layers.length !== shape.layers) {
    throw new Error(`weights have ${w.layers.length} layers, shape says ${shape.layers}`);
  }
  g.floatInit('transformer.wte.weight', [shape.vocab, d], w.wte);
  g.floatInit('transformer.wpe.weight', [shape.context, d], w.wpe);
  w.layers.forEach((layer, i) => {
    const n = layerWeightNames(i);
    const dims: Record<keyof Gpt2LayerWeights, number[]> = {
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
    for (const key of Object.keys(dims) as (keyof Gpt2LayerWeights)[]) {
      g.floatInit(n[key], dims[key], layer[key]);
    }
  });
  g.floatInit('transformer.ln_f.weight', [d], w.lnFGamma);
  g.floatInit('transformer.ln_f.bias', [d], w.lnFBeta);
}

/** Builds the ONNX model bytes; weights go inline as raw_data (fine below 2 GB). */
export function buildGpt2Model(shape: ModelShape, weights: Gpt2Weights): Uint8Array {
  const g = new GraphBuilder('stepwise_gpt2');
  const hd = headDim(shape);
  g.input('input_ids', DataType.INT64, [BATCH, SEQ]);
  g.input('attention_mask', DataType.INT64, [BATCH, TOTAL]);
  g.input('position_ids', DataType.INT64, [BATCH, SEQ]);
  for (let i = 0; i < shape.layers; i++) {
    g.input(`past_key_values.${i}.key`, DataType.FLOAT, [BATCH, shape.heads, PAST, hd]);
    g.input(`past_key_values.${i}.value`, DataType.FLOAT, [BATCH, shape.heads, PAST, hd]);
  }
  g.output('logits', DataType.FLOAT, [BATCH, SEQ, shape.vocab]);
  for (let i = 0; i < shape.layers; i++) {
    g.output(`present.${i}.key`, DataType.FLOAT, [BATCH, shape.heads, TOTAL, hd]);
    g.output(`present.${i}.value`, DataType.FLOAT, [BATCH, shape.heads, TOTAL, hd]);
  }
  addWeights(g, shape, weights);

  const tokens = g.op('Gather', ['transformer.wte.weight', 'input_ids'], {}, 'embed/tokens');
  const positions = g.op('Gather', ['transformer.wpe.weight', 'position_ids'], {}, 'embed/pos');
  let h = g.op('Add', [tokens, positions], {}, 'embed/sum');
  const mask = buildMask(g);
  for (let i = 0; i < shape.layers; i++) h = block(g, shape, i, h, mask);
  const eps = { float: shape.layerNormEpsilon };
  const lnF = g.op(
    'LayerNormalization',
    [h, 'transformer.ln_f.weight', 'transformer.ln_f.bias'],
    { axis: -1, epsilon: eps },
    'final/ln_f',
  );
  // Tied output projection: Gemm with transB reads wte as [vocab, d] — no transposed copy.
  const flat = g.op('Reshape', [lnF, g.int64Const('shape_flat', [2], [-1, shape.width])]);
  const flatLogits = g.op(
    'Gemm',
    [flat, 'transformer.wte.weight'],
    { transB: 1, alpha: { float: 1 }, beta: { float: 1 } },
    'final/lm_head',
  );
  const vocab = g.int64Const('shape_vocab', [1], [shape.vocab]);
  const logitsShape = g.op('Concat', [g.op('Shape', ['input_ids']), vocab], { axis: 0 });
  g.op('Reshape', [flatLogits, logitsShape], {}, 'logits');
  return g.build({ producerVersion: GPT2_WRITER_VERSION });
}
