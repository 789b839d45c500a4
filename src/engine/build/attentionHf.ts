/**
 * The Hugging Face export's cache interface: inputs input_ids / attention_mask / position_ids /
 * past_key_values.{i}.key|value ([batch, kv_heads, past, head_dim]), outputs logits for every fed
 * position and present.{i}.key|value = Concat(past, new). Every step therefore copies the whole
 * cache into `present` and back out; transformers.js and the Hub's files work this way. GPT-2
 * uses it as it is; Llama-family models add a rotation of q and k and fewer key/value heads.
 */
import { headDim, kvHeadsOf, type ModelShape } from '../modelShape';
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

/**
 * Applied to q and k after they are split into heads ([batch, heads, seq, head_dim]), before k is
 * cached: where Llama-family models put their positions in (rotary embeddings). `name` says
 * which tensor it is, for node names.
 */
export type HeadRotation = (heads: string, name: string) => string;

/**
 * Grouped-query attention without copying the cache: the query heads that share one key/value
 * head are stacked along the rows, [b, kv_heads, group·seq, hd], so one MatMul per key/value head
 * serves them all; the scores go back to [b, heads, seq, total] for the mask and the softmax.
 */
function groupOps(g: GraphBuilder, shape: ModelShape) {
  const kvHeads = kvHeadsOf(shape);
  if (kvHeads === shape.heads) return { grouped: (x: string) => x, ungrouped: (x: string) => x };
  // 0 keeps the input's size of that axis (batch, and the last: head_dim or total).
  const byKv = g.int64Const('shape_kv_groups', [4], [0, kvHeads, -1, 0]);
  const byHead = g.int64Const('shape_query_heads', [4], [0, shape.heads, -1, 0]);
  return {
    /** [b, heads, seq, n] → [b, kv_heads, group·seq, n]: query head h joins kv head ⌊h / group⌋. */
    grouped: (x: string): string => g.op('Reshape', [x, byKv]),
    /** [b, kv_heads, group·seq, n] → [b, heads, seq, n]. */
    ungrouped: (x: string): string => g.op('Reshape', [x, byHead]),
  };
}

export function hfLayout(g: GraphBuilder, shape: ModelShape, rotate?: HeadRotation): Layout {
  const hd = headDim(shape);
  const kvHeads = kvHeadsOf(shape);
  g.input('input_ids', DataType.INT64, [BATCH, SEQ]);
  g.input('attention_mask', DataType.INT64, [BATCH, TOTAL]);
  g.input('position_ids', DataType.INT64, [BATCH, SEQ]);
  for (let i = 0; i < shape.layers; i++) {
    g.input(`past_key_values.${i}.key`, DataType.FLOAT, [BATCH, kvHeads, PAST, hd]);
    g.input(`past_key_values.${i}.value`, DataType.FLOAT, [BATCH, kvHeads, PAST, hd]);
  }
  g.output('logits', DataType.FLOAT, [BATCH, SEQ, shape.vocab]);
  for (let i = 0; i < shape.layers; i++) {
    g.output(`present.${i}.key`, DataType.FLOAT, [BATCH, kvHeads, TOTAL, hd]);
    g.output(`present.${i}.value`, DataType.FLOAT, [BATCH, kvHeads, TOTAL, hd]);
  }
  const mask = buildMask(g);
  const { toHeads, mergeHeads } = headOps(g, shape);
  const toKvHeads = kvHeads === shape.heads ? toHeads : kvHeadOps(g, shape);
  const { grouped, ungrouped } = groupOps(g, shape);
  const turn = (x: string, name: string): string => (rotate ? rotate(x, name) : x);

  return {
    attention(i, q, k, v) {
      const p = `layer${i}`;
      const cat = (kind: string, x: string): string =>
        g.op('Concat', [`past_key_values.${i}.${kind}`, x], { axis: 2 }, `present.${i}.${kind}`);
      const presentK = cat('key', turn(toKvHeads(k), `${p}/k`));
      const presentV = cat('value', toKvHeads(v));
      const keysT = g.op('Transpose', [presentK], { perm: [0, 1, 3, 2] }); // [b, kv, hd, total]
      const scale = g.floatScalar('const_attn_scale', 1 / Math.sqrt(hd));
      const queries = grouped(turn(toHeads(q), `${p}/q`));
      const scores = ungrouped(
        g.op('Mul', [g.op('MatMul', [queries, keysT]), scale], {}, `${p}/scores`),
      );
      const masked = g.op('Where', [mask, scores, g.floatScalar('const_masked', MASKED_SCORE)]);
      const probs = g.op('Softmax', [masked], { axis: -1 }, `${p}/probs`);
      return mergeHeads(ungrouped(g.op('MatMul', [grouped(probs), presentV])));
    },
    logitRows: (h) => h,
  };
}

/** [b, s, kv_heads·hd] → [b, kv_heads, s, hd], for k and v under grouped-query attention. */
function kvHeadOps(g: GraphBuilder, shape: ModelShape): (x: string) => string {
  const dims = g.int64Const('shape_kv_heads', [4], [0, 0, kvHeadsOf(shape), headDim(shape)]);
  return (x) => g.op('Transpose', [g.op('Reshape', [x, dims])], { perm: [0, 2, 1, 3] });
}
