/**
 * Writes the inspection file, `onnx/model_inspect.onnx`: the same GPT-2 trunk and weights as the
 * other files, without a cache, returning what the "look inside" views show for one context:
 *   inputs  input_ids [1, seq]
 *           logit_positions [n]      the positions (0-based) whose logits are wanted
 *   outputs logits [1, n, vocab]     what the model predicts after each asked position: the head
 *                                     runs on those rows only (the prefill's view asks for every
 *                                     position, a decode step's for the newest alone)
 *           attn.{i} [heads, seq, seq]  layer i's softmax attention probabilities, causal mask
 *                                     applied (0 right of the diagonal, rows sum to 1)
 *           lens_logits [layers, vocab] the logit lens at the last position: ln_f and the tied
 *                                     head applied to the residual stream after each layer
 * Positions are 0…seq-1, computed in the graph. Float32 weights only: it runs once on demand.
 */
import type { ModelShape } from '../modelShape';
import { GPT2_WRITER_VERSION, addWeights, block, linearFor, tiedHead } from './gpt2Graph';
import type { Gpt2Weights } from './gpt2Graph';
import { GraphBuilder } from './graphBuilder';
import { BATCH, headOps, MASKED_SCORE, SEQ, type Layout } from './layout';
import { DataType } from './onnxSchema';
import { headDim } from '../modelShape';

/** The positions whose logits are computed, 0-based: a Gather of the final hidden states. */
const LOGIT_POSITIONS = 'logit_positions';

/** The attention of the inspection file: causal over the fed tokens, probabilities as outputs. */
function inspectLayout(g: GraphBuilder, shape: ModelShape, positions: string): Layout {
  const axis0 = g.int64Const('axes_0', [1], [0]);
  const axis1 = g.int64Const('axes_1', [1], [1]);
  // Key j is visible to query i iff j <= i: [seq, seq], broadcast over batch and heads.
  const causal = g.op(
    'LessOrEqual',
    [g.op('Unsqueeze', [positions, axis0]), g.op('Unsqueeze', [positions, axis1])],
    {},
    'mask/causal',
  );
  const { toHeads, mergeHeads } = headOps(g, shape);
  const hd = headDim(shape);
  return {
    attention(i, q, k, v) {
      const p = `layer${i}`;
      const keysT = g.op('Transpose', [toHeads(k)], { perm: [0, 1, 3, 2] }); // [b, heads, hd, seq]
      const scale = g.floatScalar('const_attn_scale', 1 / Math.sqrt(hd));
      const scores = g.op('Mul', [g.op('MatMul', [toHeads(q), keysT]), scale], {}, `${p}/scores`);
      const masked = g.op('Where', [causal, scores, g.floatScalar('const_masked', MASKED_SCORE)]);
      const probs = g.op('Softmax', [masked], { axis: -1 }, `${p}/probs`);
      g.op('Squeeze', [probs, axis0], {}, `attn.${i}`); // [heads, seq, seq]
      return mergeHeads(g.op('MatMul', [probs, toHeads(v)]));
    },
    // The vocabulary head, [rows, 768] × [768, vocab], would cost 14–32 % of a pass at 128
    // tokens on every row (bench/README.md): only the asked rows reach it.
    logitRows: (h) => g.op('Gather', [h, LOGIT_POSITIONS], { axis: 1 }, 'head/rows'), // [1, n, d]
  };
}

/** Builds the inspection file's bytes from the same weights as buildGpt2Model. */
export function buildInspectModel(shape: ModelShape, weights: Gpt2Weights): Uint8Array {
  const g = new GraphBuilder('stepwise_gpt2_inspect');
  g.input('input_ids', DataType.INT64, [BATCH, SEQ]);
  g.input(LOGIT_POSITIONS, DataType.INT64, [LOGIT_POSITIONS]);
  g.output('logits', DataType.FLOAT, [BATCH, LOGIT_POSITIONS, shape.vocab]);
  for (let i = 0; i < shape.layers; i++) {
    g.output(`attn.${i}`, DataType.FLOAT, [shape.heads, SEQ, SEQ]);
  }
  g.output('lens_logits', DataType.FLOAT, [shape.layers, shape.vocab]);
  addWeights(g, shape, weights, false);
  const linear = linearFor(g, 'fp32');

  const zero = g.int64Const('const_0', [], [0]);
  const one = g.int64Const('const_1', [], [1]);
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids']), one], {}, 'embed/seq_len');
  const positions = g.op('Range', [zero, seqLen, one], {}, 'embed/positions'); // [seq]
  const layout = inspectLayout(g, shape, positions);

  const tokens = g.op('Gather', ['transformer.wte.weight', 'input_ids'], {}, 'embed/tokens');
  const pos = g.op('Gather', ['transformer.wpe.weight', positions], {}, 'embed/pos'); // [seq, d]
  let h = g.op('Add', [tokens, pos], {}, 'embed/sum');
  const last = g.op('Sub', [seqLen, one], {}, 'lens/last');
  const lensRows: string[] = [];
  for (let i = 0; i < shape.layers; i++) {
    h = block(g, shape, i, h, layout, linear);
    lensRows.push(g.op('Gather', [h, last], { axis: 1 }, `lens/row${i}`)); // [1, d]
  }
  tiedHead(g, shape, layout.logitRows(h), false, 'logits');
  // The lens rows are already 2-D: ln_f and the tied head apply without reshaping.
  const stacked = g.op('Concat', lensRows, { axis: 0 }, 'lens/stacked'); // [layers, d]
  const eps = { float: shape.layerNormEpsilon };
  const lnF = g.op(
    'LayerNormalization',
    [stacked, 'transformer.ln_f.weight', 'transformer.ln_f.bias'],
    { axis: -1, epsilon: eps },
    'lens/ln_f',
  );
  g.op(
    'Gemm',
    [lnF, 'transformer.wte.weight'],
    { transB: 1, alpha: { float: 1 }, beta: { float: 1 } },
    'lens_logits',
  );
  return g.build({ producerVersion: `${GPT2_WRITER_VERSION} inspect fp32` });
}
