/**
 * The Hugging Face export's cache interface: inputs input_ids / attention_mask / position_ids /
 * past_key_values.{i}.key|value ([batch, heads, past, head_dim]), outputs logits for every fed
 * position and present.{i}.key|value = Concat(past, new). Every step therefore copies the whole
 * cache into `present` and back out; transformers.js and the Hub's files work this way.
 */
import { headDim, type ModelShape } from '../modelShape';
import type { GraphBuilder } from './graphBuilder';
import { BATCH, headOps, MASKED_SCORE, SEQ, type Layout } from './layout';
import { DataType } from './onnxSchema';

const PAST = 'past_sequence_length';
const TOTAL = 'total_sequence_length';

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

export function hfLayout(g: GraphBuilder, shape: ModelShape): Layout {
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
  const mask = buildMask(g);
  const { toHeads, mergeHeads } = headOps(g, shape);

  return {
    attention(i, q, k, v) {
      const p = `layer${i}`;
      const cat = (kind: string, x: string): string =>
        g.op(
          'Concat',
          [`past_key_values.${i}.${kind}`, toHeads(x)],
          { axis: 2 },
          `present.${i}.${kind}`,
        );
      const presentK = cat('key', k);
      const presentV = cat('value', v);
      const keysT = g.op('Transpose', [presentK], { perm: [0, 1, 3, 2] }); // [b, heads, hd, total]
      const scale = g.floatScalar('const_attn_scale', 1 / Math.sqrt(hd));
      const scores = g.op('Mul', [g.op('MatMul', [toHeads(q), keysT]), scale], {}, `${p}/scores`);
      const masked = g.op('Where', [mask, scores, g.floatScalar('const_masked', MASKED_SCORE)]);
      const probs = g.op('Softmax', [masked], { axis: -1 }, `${p}/probs`);
      return mergeHeads(g.op('MatMul', [probs, presentV]));
    },
    logitRows: (h) => h,
  };
}
