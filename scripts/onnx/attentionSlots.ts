/**
 * The app's cache interface ("slots"). The caller keeps the cache in fixed slots and passes it in
 * whole; the graph returns only the keys and values of the tokens it was fed, never the cache:
 *   inputs  input_ids, position_ids [batch, seq];
 *           cache_mask [batch, slots] (0 for a filled slot, float32's lowest for an empty one);
 *           cache.{i}.key|value [batch, heads, slots, head_dim]
 *   outputs logits [batch, 1, vocab] (the last fed position only: nothing else chooses a token);
 *           fresh.{i}.key|value [batch, heads, seq, head_dim]
 * Attention is split in two blocks that share one softmax: the fed tokens against the cache, and
 * against each other (causally). Nothing concatenates or transposes the cache, so a step reads it
 * once, in the two matrix products, instead of copying it into a new `present` tensor — which in
 * the Hugging Face layout also has to leave the runtime and come back in, every step.
 */
import { headDim, type ModelShape } from '../../src/engine/modelShape';
import type { GraphBuilder } from './graphBuilder';
import { BATCH, headOps, MASKED_SCORE, SEQ, type Layout } from './layout';
import { DataType } from './onnxSchema';

const SLOTS = 'cache_slots';
/** An end index past any dimension (Slice clamps it). */
const TO_END = Number.MAX_SAFE_INTEGER;

/** Additive causal bias among the fed tokens [seq, seq]: 0 where key j ≤ query i. */
function causalBias(g: GraphBuilder): string {
  const zero = g.int64Const('const_0', [], [0]);
  const one = g.int64Const('const_1', [], [1]);
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids']), one], {}, 'mask/seq_len');
  const pos = g.op('Range', [zero, seqLen, one], {}, 'mask/pos');
  const keys = g.op('Unsqueeze', [pos, g.int64Const('axes_0', [1], [0])]); // [1, seq]
  const queries = g.op('Unsqueeze', [pos, g.int64Const('axes_1', [1], [1])]); // [seq, 1]
  const visible = g.op('LessOrEqual', [keys, queries], {}, 'mask/causal');
  const open = g.floatScalar('const_0.0', 0);
  return g.op(
    'Where',
    [visible, open, g.floatScalar('const_masked', MASKED_SCORE)],
    {},
    'mask/new',
  );
}

export function slotLayout(g: GraphBuilder, shape: ModelShape): Layout {
  const hd = headDim(shape);
  g.input('input_ids', DataType.INT64, [BATCH, SEQ]);
  g.input('position_ids', DataType.INT64, [BATCH, SEQ]);
  g.input('cache_mask', DataType.FLOAT, [BATCH, SLOTS]);
  for (let i = 0; i < shape.layers; i++) {
    g.input(`cache.${i}.key`, DataType.FLOAT, [BATCH, shape.heads, SLOTS, hd]);
    g.input(`cache.${i}.value`, DataType.FLOAT, [BATCH, shape.heads, SLOTS, hd]);
  }
  g.output('logits', DataType.FLOAT, [BATCH, 1, shape.vocab]);
  for (let i = 0; i < shape.layers; i++) {
    g.output(`fresh.${i}.key`, DataType.FLOAT, [BATCH, shape.heads, SEQ, hd]);
    g.output(`fresh.${i}.value`, DataType.FLOAT, [BATCH, shape.heads, SEQ, hd]);
  }
  const newBias = causalBias(g);
  const cacheBias = g.op('Unsqueeze', ['cache_mask', g.int64Const('axes_1_2', [2], [1, 2])]);
  const slots = g.op('Shape', ['cache_mask'], { start: 1, end: 2 }, 'mask/slots'); // [slots]
  const lastAxis = g.int64Const('axes_3', [1], [3]);
  const toEnd = g.int64Const('const_to_end', [1], [TO_END]);
  const fromStart = g.int64Const('const_from_start', [1], [0]);
  const scale = g.floatScalar('const_attn_scale', 1 / Math.sqrt(hd));
  const { toHeads, mergeHeads } = headOps(g, shape);
  // onnxruntime fuses MatMul(a, Transpose(b)) into one product that reads b as it lies.
  const timesT = (a: string, b: string): string =>
    g.op('MatMul', [a, g.op('Transpose', [b], { perm: [0, 1, 3, 2] })]);

  return {
    attention(i, q, k, v) {
      const p = `layer${i}`;
      const query = g.op('Mul', [toHeads(q), scale], {}, `${p}/query`);
      const key = toHeads(k, `fresh.${i}.key`);
      const value = toHeads(v, `fresh.${i}.value`);
      const cached = g.op('Add', [timesT(query, `cache.${i}.key`), cacheBias], {}, `${p}/s_cache`);
      const fed = g.op('Add', [timesT(query, key), newBias], {}, `${p}/s_new`);
      const scores = g.op('Concat', [cached, fed], { axis: -1 }, `${p}/scores`);
      const probs = g.op('Softmax', [scores], { axis: -1 }, `${p}/probs`);
      const pCache = g.op('Slice', [probs, fromStart, slots, lastAxis], {}, `${p}/p_cache`);
      const pNew = g.op('Slice', [probs, slots, toEnd, lastAxis], {}, `${p}/p_new`);
      const context = g.op(
        'Add',
        [g.op('MatMul', [pCache, `cache.${i}.value`]), g.op('MatMul', [pNew, value])],
        {},
        `${p}/context`,
      );
      return mergeHeads(context);
    },
    // Only the last position's logits choose the next token: the head runs on one row.
    logitRows: (h) =>
      g.op('Slice', [
        h,
        g.int64Const('const_last', [1], [-1]),
        toEnd,
        g.int64Const('axes_1', [1], [1]),
      ]),
  };
}
