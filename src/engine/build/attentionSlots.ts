/**
 * The app's cache interface ("slots"). The caller keeps the cache in one buffer per layer and kind,
 * laid out by position, and passes the filled part in; the graph returns only the keys and values
 * of the tokens it was fed, never the cache:
 *   inputs  input_ids, position_ids [1, seq];
 *           cache.{i}.key|value [1 + past, heads, head_dim]: row 0 is a blank no query attends to,
 *           rows 1… the cached tokens in order;
 *           logit_rows [1]: how many of the last fed positions get logits (1 for a step: only
 *           the last chooses a token; seq for Jacobi decoding, which checks every fed guess);
 *           attention_bias [seq, 1 + past + seq]: added to each fed token's scores over the cache
 *           rows and the fed tokens (0 open, float32's lowest masked). The caller masks the blank
 *           row and later fed tokens; a batched beam step feeds one token per beam and opens to
 *           each only the prompt, its ancestors' rows and itself (decoding several sequences in
 *           one run, the weights read once for all);
 *   outputs logits [1, logit_rows, vocab];
 *           fresh.{i}.key|value [seq, heads, head_dim], the next rows of the cache as they are;
 *           and, from gpt2Graph.ts, the summary of each row's logits (logitSummaryGraph.ts) and
 *           argmax_all [1, logit_rows], each row's argmax.
 * onnxruntime runs every node whatever outputs a run fetches, so rows a step does not need must
 * not be computed at all: the head's row count is an input, not a second head beside the first.
 * Attention is split in two blocks that share one softmax: the fed tokens against the cache, and
 * against each other, as `attention_bias` allows. The cache is read where it lies: onnxruntime's
 * FusedMatMul takes it as [heads, past, head_dim] by strides (transBatchB), so nothing transposes,
 * concatenates or copies it inside the graph, and because a new token's row goes after the
 * others, the caller's buffer is extended in place, never re-laid out as it grows.
 * Why the blank row: the batch-transposed product divides by the cache's length, so an empty cache
 * (a prefill) would crash the runtime; one masked row keeps every call the same.
 * Batch by rows: several sequences are fed as rows of one run and their caches lie as rows of one
 * cache (a tree: shared prompt rows, then each sequence's own), told apart by `attention_bias`.
 */
import { headDim, type ModelShape } from '../modelShape';
import type { GraphBuilder } from './graphBuilder';
import { ATTENTION_BIAS, LOGIT_ROWS, SEQ, type Layout } from './layout';
import { DataType } from './onnxSchema';

const ROWS = 'cache_rows';
/** The bias's last dimension: the cache rows, then the fed tokens. */
const KEYS = 'cache_rows_plus_seq';
/** An end index past any dimension (Slice clamps it). */
const TO_END = Number.MAX_SAFE_INTEGER;

export function slotLayout(g: GraphBuilder, shape: ModelShape): Layout {
  const hd = headDim(shape);
  g.input('input_ids', DataType.INT64, [1, SEQ]);
  g.input('position_ids', DataType.INT64, [1, SEQ]);
  for (let i = 0; i < shape.layers; i++) {
    g.input(`cache.${i}.key`, DataType.FLOAT, [ROWS, shape.heads, hd]);
    g.input(`cache.${i}.value`, DataType.FLOAT, [ROWS, shape.heads, hd]);
  }
  g.input(LOGIT_ROWS, DataType.INT64, [1]);
  g.input(ATTENTION_BIAS, DataType.FLOAT, [SEQ, KEYS]);
  g.output('logits', DataType.FLOAT, [1, LOGIT_ROWS, shape.vocab]);
  for (let i = 0; i < shape.layers; i++) {
    g.output(`fresh.${i}.key`, DataType.FLOAT, [SEQ, shape.heads, hd]);
    g.output(`fresh.${i}.value`, DataType.FLOAT, [SEQ, shape.heads, hd]);
  }
  const rows = g.op('Shape', ['cache.0.key'], { start: 0, end: 1 }, 'mask/cache_rows'); // [rows]
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
      const cached = scores(query, `cache.${i}.key`, `${p}/s_cache_raw`);
      const fed = scores(query, key, `${p}/s_new_raw`);
      const all = g.op('Concat', [cached, fed], { axis: -1 }, `${p}/scores_raw`);
      const biased = g.op('Add', [all, ATTENTION_BIAS], {}, `${p}/scores`); // [heads, seq, keys]
      const probs = g.op('Softmax', [biased], { axis: -1 }, `${p}/probs`);
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
