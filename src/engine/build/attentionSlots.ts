/**
 * The app's cache interface ("slots"). The caller keeps the cache in one buffer per layer and kind,
 * laid out by position, and passes the filled part in; the graph returns only the keys and values
 * of the tokens it was fed, never the cache:
 *   inputs  input_ids, position_ids [1, seq];
 *           cache.{i}.key|value [1 + past, heads, head_dim]: row 0 is a blank no query attends to,
 *           rows 1… the cached tokens in order;
 *           logit_rows [1]: how many of the last fed positions get logits (1 for a step: only
 *           the last chooses a token; seq for Jacobi decoding, which checks every fed guess);
 *   outputs logits [1, logit_rows, vocab];
 *           fresh.{i}.key|value [seq, heads, head_dim], the next rows of the cache as they are;
 *           and, from gpt2Graph.ts, the summary of each row's logits (logitSummaryGraph.ts) and
 *           argmax_all [1, logit_rows], each row's argmax.
 * onnxruntime runs every node whatever outputs a run fetches, so rows a step does not need must
 * not be computed at all: the head's row count is an input, not a second head beside the first.
 * Attention is split in two blocks that share one softmax: the fed tokens against the cache, and
 * against each other (causally). The cache is read where it lies: onnxruntime's FusedMatMul takes
 * it as [heads, past, head_dim] by strides (transBatchB), so nothing transposes, concatenates or
 * copies it inside the graph, and because a new token's row goes after the others, the caller's
 * buffer is extended in place, never re-laid out as it grows.
 * Why the blank row: the batch-transposed product divides by the cache's length, so an empty cache
 * (a prefill) would crash the runtime; one masked row keeps every call the same.
 * Batch 1 only (the engine decodes one sequence; the row layout folds batch into rows).
 */
import { headDim, type ModelShape } from '../modelShape';
import type { GraphBuilder } from './graphBuilder';
import { LOGIT_ROWS, MASKED_SCORE, SEQ, type Layout } from './layout';
import { DataType } from './onnxSchema';

const ROWS = 'cache_rows';
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
  return g.op(
    'Where',
    [visible, g.floatScalar('const_0.0', 0), g.floatScalar('const_masked', MASKED_SCORE)],
    {},
    'mask/new',
  );
}

/** Additive bias over the cache rows [rows]: the blank row 0 masked, every other row open. */
function blankRowBias(g: GraphBuilder, rows: string): string {
  const zero = g.int64Const('const_0', [], [0]);
  const one = g.int64Const('const_1', [], [1]);
  const ids = g.op('Range', [zero, g.op('Squeeze', [rows]), one], {}, 'mask/rows');
  return g.op(
    'Where',
    [
      g.op('Equal', [ids, zero], {}, 'mask/blank'),
      g.floatScalar('const_masked', MASKED_SCORE),
      g.floatScalar('const_0.0', 0),
    ],
    {},
    'mask/cache',
  );
}

export function slotLayout(g: GraphBuilder, shape: ModelShape): Layout {
  const hd = headDim(shape);
  g.input('input_ids', DataType.INT64, [1, SEQ]);
  g.input('position_ids', DataType.INT64, [1, SEQ]);
  for (let i = 0; i < shape.layers; i++) {
    g.input(`cache.${i}.key`, DataType.FLOAT, [ROWS, shape.heads, hd]);
    g.input(`cache.${i}.value`, DataType.FLOAT, [ROWS, shape.heads, hd]);
  }
  g.input(LOGIT_ROWS, DataType.INT64, [1]);
  g.output('logits', DataType.FLOAT, [1, LOGIT_ROWS, shape.vocab]);
  for (let i = 0; i < shape.layers; i++) {
    g.output(`fresh.${i}.key`, DataType.FLOAT, [SEQ, shape.heads, hd]);
    g.output(`fresh.${i}.value`, DataType.FLOAT, [SEQ, shape.heads, hd]);
  }
  const newBias = causalBias(g);
  const rows = g.op('Shape', ['cache.0.key'], { start: 0, end: 1 }, 'mask/cache_rows'); // [rows]
  const cacheBias = blankRowBias(g, rows);
  const lastAxis = g.int64Const('axes_2', [1], [2]);
  const toEnd = g.int64Const('const_to_end', [1], [TO_END]);
  const fromStart = g.int64Const('const_from_start', [1], [0]);
  const byRow = g.int64Const('shape_rows', [3], [-1, shape.heads, hd]);
  const byWidth = g.int64Const('shape_batch1_width', [3], [1, -1, shape.width]);
  const scale = { float: 1 / Math.sqrt(hd) };
  // [rows, heads, hd] operands read as [heads, rows, hd]: the output is [heads, seq, …].
  const scores = (query: string, keys: string, out: string): string =>
    g.msOp(
      'FusedMatMul',
      [query, keys],
      { alpha: scale, transA: 0, transB: 1, transBatchA: 1, transBatchB: 1 },
      out,
    );
  const weigh = (probs: string, values: string): string =>
    g.msOp('FusedMatMul', [probs, values], { alpha: { float: 1 }, transBatchB: 1 });

  return {
    attention(i, q, k, v) {
      const p = `layer${i}`;
      const query = g.op('Reshape', [q, byRow], {}, `${p}/query`);
      const key = g.op('Reshape', [k, byRow], {}, `fresh.${i}.key`);
      const value = g.op('Reshape', [v, byRow], {}, `fresh.${i}.value`);
      const cached = g.op(
        'Add',
        [scores(query, `cache.${i}.key`, `${p}/s_cache_raw`), cacheBias],
        {},
        `${p}/s_cache`,
      );
      const fed = g.op('Add', [scores(query, key, `${p}/s_new_raw`), newBias], {}, `${p}/s_new`);
      const all = g.op('Concat', [cached, fed], { axis: -1 }, `${p}/scores`);
      const probs = g.op('Softmax', [all], { axis: -1 }, `${p}/probs`);
      const pCache = g.op('Slice', [probs, fromStart, rows, lastAxis], {}, `${p}/p_cache`);
      const pNew = g.op('Slice', [probs, rows, toEnd, lastAxis], {}, `${p}/p_new`);
      const context = g.op(
        'Add',
        [weigh(pCache, `cache.${i}.value`), weigh(pNew, value)],
        {},
        `${p}/context`,
      ); // [heads, seq, hd]
      const byToken = g.op('Transpose', [context], { perm: [1, 0, 2] }, `${p}/context_rows`);
      return g.op('Reshape', [byToken, byWidth], {}, `${p}/merged`);
    },
    // The head runs on the last `logit_rows` rows only: at a step, one (a start below -seq
    // clamps to the first row).
    logitRows: (h) =>
      g.op(
        'Slice',
        [h, g.op('Neg', [LOGIT_ROWS], {}, 'head/from'), toEnd, g.int64Const('axes_1', [1], [1])],
        {},
        'head/rows',
      ),
  };
}
