/**
 * Graphs without weights that price the parts of a long-context step on their own
 * (bench/lib/longContext.ts), each with every layer's cache inputs as the real files take them:
 *   copy       the slots file's 24 cache inputs, and only their shapes out: what a runtime
 *              spends handing the cache to a run (onnxruntime-web copies every input into its
 *              heap; onnxruntime-node wraps the caller's memory);
 *   attention  the slots file's own attention (attentionSlots.ts) for every layer, on one fed
 *              token's q, k and v: the copy plus reading the cache;
 *   concat     the Hugging Face file's Concat(past, new) per layer and kind ([1, heads, past,
 *              head_dim] in); fetched whole it adds the copy out of `present.*`, fetched as a
 *              shape alone it prices the in-graph Concat (onnxruntime computes every node whatever
 *              a run fetches);
 *   gqa        the GroupQueryAttention file's attention (gqaGraph.ts) for every layer, its cache
 *              at the fewest 128-row blocks the context needs: the copy plus the kernel, which
 *              also copies the cached rows into its `present` output (they are not one buffer).
 */
import { headDim, type ModelShape } from '../../src/engine/modelShape';
import { slotLayout } from '../../src/engine/build/attentionSlots';
import { gqaLayout } from '../../src/engine/build/gqaGraph';
import { GraphBuilder } from '../../src/engine/build/graphBuilder';
import { encodeModel, DataType } from '../../src/engine/build/onnxSchema';
import { LOGIT_ROWS, SEQ } from '../../src/engine/build/layout';

export type ProbeName = 'copy' | 'attention' | 'concat' | 'gqa';

const kinds = ['key', 'value'] as const;

/** Builds `g`'s model keeping only the inputs and outputs named (slotLayout declares more). */
function keep(g: GraphBuilder, inputs: (name: string) => boolean, outputs: string[]): Uint8Array {
  const message = g.toMessage({ producerVersion: 'stepwise-longctx-probe-1' });
  message.graph.input = message.graph.input.filter((v) => inputs(v.name));
  message.graph.output = message.graph.output.filter((v) => outputs.includes(v.name));
  return encodeModel(message);
}

function copyProbe(shape: ModelShape): Uint8Array {
  const g = new GraphBuilder('longctx_copy');
  slotLayout(g, shape);
  const shapes: string[] = [];
  for (let i = 0; i < shape.layers; i++) {
    for (const kind of kinds) shapes.push(g.op('Shape', [`cache.${i}.${kind}`]));
  }
  g.op('Concat', shapes, { axis: 0 }, 'shapes');
  g.output('shapes', DataType.INT64, [shape.layers * 2 * 3]);
  return keep(g, (name) => name.startsWith('cache.'), ['shapes']);
}

function attentionProbe(shape: ModelShape, gqa: boolean): Uint8Array {
  const g = new GraphBuilder('longctx_attention');
  const layout = gqa ? gqaLayout(g, shape) : slotLayout(g, shape);
  for (const name of ['q', 'k', 'v']) g.input(name, DataType.FLOAT, [1, SEQ, shape.width]);
  const merged = Array.from({ length: shape.layers }, (_, i) => layout.attention(i, 'q', 'k', 'v'));
  g.op('Concat', merged, { axis: 0 }, 'merged');
  g.output('merged', DataType.FLOAT, [shape.layers, SEQ, shape.width]);
  const inputs = (name: string): boolean =>
    !['input_ids', 'position_ids', LOGIT_ROWS].includes(name);
  return keep(g, inputs, ['merged']);
}

function concatProbe(shape: ModelShape): Uint8Array {
  const g = new GraphBuilder('longctx_concat');
  const hd = headDim(shape);
  g.input('new_rows', DataType.FLOAT, [1, shape.heads, SEQ, hd]);
  const shapes: string[] = [];
  for (let i = 0; i < shape.layers; i++) {
    for (const kind of kinds) {
      const past = g.input(`past_key_values.${i}.${kind}`, DataType.FLOAT, [
        1,
        shape.heads,
        'past',
        hd,
      ]);
      const present = g.op('Concat', [past, 'new_rows'], { axis: 2 }, `present.${i}.${kind}`);
      g.output(present, DataType.FLOAT, [1, shape.heads, 'total', hd]);
      shapes.push(g.op('Shape', [present]));
    }
  }
  g.op('Concat', shapes, { axis: 0 }, 'shapes');
  g.output('shapes', DataType.INT64, [shape.layers * 2 * 4]);
  return g.build({ producerVersion: 'stepwise-longctx-probe-1' });
}

export function buildProbe(name: ProbeName, shape: ModelShape): Uint8Array {
  if (name === 'copy') return copyProbe(shape);
  if (name === 'attention' || name === 'gqa') return attentionProbe(shape, name === 'gqa');
  return concatProbe(shape);
}
