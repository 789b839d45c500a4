/**
 * Rotary position embeddings in the graph, in Hugging Face's convention: x·cos + rotate_half(x)·sin,
 * where rotate_half(x) = [−x₂, x₁] over the two halves of a head and the angle of value i is
 * position · theta^(−2(i mod hd/2)/hd). The cos and sin tables are computed once per run from
 * `position_ids` and shared by every layer.
 */
import { headDim, type ModelShape } from '../modelShape';
import type { HeadRotation } from './attentionHf';
import type { GraphBuilder } from './graphBuilder';
import { DataType } from './onnxSchema';

/** The rotation of q and k heads ([batch, heads, seq, head_dim]) by their positions. */
export function rotaryRotation(g: GraphBuilder, shape: ModelShape, theta: number): HeadRotation {
  const hd = headDim(shape);
  const half = hd / 2;
  if (!Number.isInteger(half))
    throw new Error(`rotary embeddings need an even head size, not ${hd}`);
  // The inverse frequencies twice over, as Hugging Face's cat((freqs, freqs)).
  const frequencies = Float32Array.from(
    { length: hd },
    (_, i) => theta ** (-(2 * (i % half)) / hd),
  );
  const inv = g.floatInit('rotary.inv_freq', [hd], frequencies);
  const positions = g.op('Cast', ['position_ids'], { to: DataType.FLOAT }, 'rotary/positions');
  const column = g.op('Unsqueeze', [positions, g.int64Const('axes_last', [1], [-1])]); // [b, s, 1]
  const angles = g.op('Mul', [column, inv], {}, 'rotary/angles'); // [b, s, hd]
  const axis1 = g.int64Const('axes_1', [1], [1]);
  // [b, 1, s, hd]: one table for every head.
  const cos = g.op('Unsqueeze', [g.op('Cos', [angles]), axis1], {}, 'rotary/cos');
  const sin = g.op('Unsqueeze', [g.op('Sin', [angles]), axis1], {}, 'rotary/sin');
  const halves = g.int64Const('split_rotary_halves', [2], [half, half]);
  return (x, name) => {
    const [x1, x2] = g.node('Split', [x, halves], [`${name}/x1`, `${name}/x2`], { axis: -1 });
    const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: -1 }, `${name}/rotate_half`);
    const cosPart = g.op('Mul', [x, cos]);
    return g.op('Add', [cosPart, g.op('Mul', [rotated, sin])], {}, `${name}/rotary`);
  };
}
