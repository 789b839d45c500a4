/**
 * An experimental GPT-2 file whose attention is onnxruntime's `GroupQueryAttention`
 * (com.microsoft), for the long-context measurements of bench/lib/longContext.ts; the app does not
 * load it. The cache is one buffer per layer and kind at full capacity, the way onnxruntime's
 * generation library runs decoders:
 *   inputs  input_ids, position_ids [1, seq];
 *           past_key_values.{i}.key|value [1, heads, capacity, head_dim]: rows 0… hold the cached
 *           tokens, rows past them anything;
 *           seqlens_k [1] (int32): cached + fed tokens − 1; total_sequence_length [] (int32):
 *           cached + fed tokens;
 *   outputs logits [seq, vocab] (batch 1; see projectRows in lmHead.ts);
 *           present.{i}.key|value [1, heads, capacity, head_dim]: the buffer with the fed tokens'
 *           rows written after the cached ones. When a runtime hands the same memory as past and
 *           present (onnxruntime-node with pre-allocated outputs), the kernel writes only the new
 *           rows in place (past_present_share_buffer); otherwise it copies the cached rows over;
 *           fresh.{i}.key|value [seq, heads, head_dim]: the fed tokens' rows alone, for a runtime
 *           that copies every input in and every fetched output out (onnxruntime-web's WASM):
 *           fetch these and not `present.*`, and append them to the caller's own buffer. Left out
 *           with `fresh: false`: a WebGPU session with graph capture must be handed a buffer for
 *           every output (bench/lib/gqaGpuRunner.ts), and a GPU runner never reads them.
 * The kernel reads only the first total_sequence_length rows of each head and is causal over
 * the fed tokens, so no mask is needed. The trunk (embeddings, blocks, head) is gpt2Graph.ts's.
 * With a float16 cache the cache and the attention are float16 (q, k, v cast down, the heads'
 * output cast back up): half the bytes to copy in and to read, at float16's precision.
 */
import { headDim, type ModelShape } from '../modelShape';
import { addWeights, block, linearFor, tiedHead, type Gpt2Weights } from './gpt2Graph';
import { GraphBuilder, MS_DOMAIN } from './graphBuilder';
import { SEQ, type Layout } from './layout';
import { DataType } from './onnxSchema';

export const GQA_WRITER_VERSION = 'stepwise-gpt2-gqa-2';
/** The symbolic capacity of the cache buffers: fixed by the caller, at most the context. */
export const CAPACITY = 'cache_capacity';
export const SEQLENS_K = 'seqlens_k';
export const TOTAL_SEQUENCE_LENGTH = 'total_sequence_length';

export const pastName = (i: number, kind: 'key' | 'value'): string =>
  `past_key_values.${i}.${kind}`;
export const presentName = (i: number, kind: 'key' | 'value'): string => `present.${i}.${kind}`;
export const freshName = (i: number, kind: 'key' | 'value'): string => `fresh.${i}.${kind}`;

export type GqaCacheType = 'float32' | 'float16';

export interface GqaFileOptions {
  /** The cache's type (float16: half the bytes, at float16's precision). */
  cache?: GqaCacheType;
  /** Whether the file has the `fresh.*` outputs (see above); true unless said otherwise. */
  fresh?: boolean;
  /** The MLP's bias and GELU as one `FastGelu` node (block in gpt2Graph.ts); false by default. */
  fastGelu?: boolean;
}
/** onnx.proto's FLOAT16 (the writer's DataType lists only what the app's files use). */
const FLOAT16 = 10;

/** Declares the file's inputs and outputs on `g`; the attention of each layer is one node. */
export function gqaLayout(
  g: GraphBuilder,
  shape: ModelShape,
  { cache = 'float32', fresh = true }: GqaFileOptions = {},
): Layout {
  const hd = headDim(shape);
  const half = cache === 'float16';
  const type = half ? FLOAT16 : DataType.FLOAT;
  const down = (x: string): string => (half ? g.op('Cast', [x], { to: FLOAT16 }) : x);
  g.input('input_ids', DataType.INT64, [1, SEQ]);
  g.input('position_ids', DataType.INT64, [1, SEQ]);
  for (let i = 0; i < shape.layers; i++) {
    g.input(pastName(i, 'key'), type, [1, shape.heads, CAPACITY, hd]);
    g.input(pastName(i, 'value'), type, [1, shape.heads, CAPACITY, hd]);
  }
  g.input(SEQLENS_K, DataType.INT32, [1]);
  g.input(TOTAL_SEQUENCE_LENGTH, DataType.INT32, []);
  g.output('logits', DataType.FLOAT, [SEQ, shape.vocab]);
  for (let i = 0; i < shape.layers; i++) {
    for (const kind of ['key', 'value'] as const) {
      g.output(presentName(i, kind), type, [1, shape.heads, CAPACITY, hd]);
      if (fresh) g.output(freshName(i, kind), type, [SEQ, shape.heads, hd]);
    }
  }
  const byRow = fresh ? g.int64Const('shape_rows', [3], [-1, shape.heads, hd]) : null;
  return {
    attention(i, q32, k32, v32) {
      const [q, k, v] = [q32, k32, v32].map(down);
      if (byRow) {
        g.op('Reshape', [k, byRow], {}, freshName(i, 'key'));
        g.op('Reshape', [v, byRow], {}, freshName(i, 'value'));
      }
      const [merged] = g.node(
        'GroupQueryAttention',
        [q, k, v, pastName(i, 'key'), pastName(i, 'value'), SEQLENS_K, TOTAL_SEQUENCE_LENGTH],
        [`layer${i}/merged`, presentName(i, 'key'), presentName(i, 'value')],
        {
          num_heads: shape.heads,
          kv_num_heads: shape.heads,
          scale: { float: 1 / Math.sqrt(hd) },
        },
        `layer${i}/gqa`,
        MS_DOMAIN,
      );
      // [1, seq, width]
      return half ? g.op('Cast', [merged], { to: DataType.FLOAT }, `layer${i}/merged32`) : merged;
    },
    logitRows: (h) => h,
  };
}

/** The float32 GPT-2 file with GroupQueryAttention (see the top of this file). */
export function buildGpt2GqaModel(
  shape: ModelShape,
  weights: Gpt2Weights,
  options: GqaFileOptions = {},
): Uint8Array {
  const cache = options.cache ?? 'float32';
  const g = new GraphBuilder('stepwise_gpt2_gqa');
  const layout = gqaLayout(g, shape, options);
  addWeights(g, shape, weights, false);
  const linear = linearFor(g, 'fp32');
  const tokens = g.op('Gather', ['transformer.wte.weight', 'input_ids'], {}, 'embed/tokens');
  const positions = g.op('Gather', ['transformer.wpe.weight', 'position_ids'], {}, 'embed/pos');
  let h = g.op('Add', [tokens, positions], {}, 'embed/sum');
  const fast = options.fastGelu ?? false;
  for (let i = 0; i < shape.layers; i++) h = block(g, shape, i, h, layout, linear, fast);
  tiedHead(g, shape, h, false, 'logits', true); // [seq, vocab]: see projectRows (lmHead.ts)
  return g.build({ producerVersion: `${GQA_WRITER_VERSION} fp32, ${cache} cache` });
}
