/** The numbers the attention views draw, from an inspection (pure, so it is tested alone). */
import type { Inspection } from '../../engine/inspect';

/** A head, or the average of every head of the layer. */
export type HeadChoice = number | 'average';

/** The newest position's weights over every position read, for one layer and head (or all). */
export function newestWeights(inspection: Inspection, layer: number, head: HeadChoice): number[] {
  const heads = inspection.newest[layer];
  if (head !== 'average') return heads[head];
  return heads[0].map((_, j) => heads.reduce((sum, row) => sum + row[j], 0) / heads.length);
}

/** The full [length, length] map for one layer and head (or their average); null if not sent. */
export function attentionMap(
  inspection: Inspection,
  layer: number,
  head: HeadChoice,
): Float32Array | null {
  const grids = inspection.grids.filter(
    (g) => g.layer === layer && (head === 'average' || g.head === head),
  );
  if (head === 'average' ? grids.length < inspection.heads : grids.length === 0) return null;
  if (head !== 'average') return grids[0].values;
  const sum = new Float32Array(inspection.length * inspection.length);
  for (const g of grids) g.values.forEach((v, k) => (sum[k] += v / grids.length));
  return sum;
}
