import { describe, expect, it } from 'vitest';
import type { Inspection } from '../../engine/inspect';
import { attentionMap, newestWeights } from './attentionData';

// Two heads over a 2-token context; head 0 reads only itself, head 1 splits evenly.
const inspection: Inspection = {
  length: 2,
  layers: 1,
  heads: 2,
  newest: [
    [
      [0, 1],
      [0.5, 0.5],
    ],
  ],
  grids: [
    { layer: 0, head: 0, values: new Float32Array([1, 0, 0, 1]) },
    { layer: 0, head: 1, values: new Float32Array([1, 0, 0.5, 0.5]) },
  ],
  lens: [],
  after: [],
};

describe('attention data', () => {
  it('reads one head’s newest row, or the heads’ average (still summing to 1)', () => {
    expect(newestWeights(inspection, 0, 1)).toEqual([0.5, 0.5]);
    expect(newestWeights(inspection, 0, 'average')).toEqual([0.25, 0.75]);
  });

  it('gives a head’s map, the average map, or null for a map not sent', () => {
    expect(Array.from(attentionMap(inspection, 0, 0) ?? [])).toEqual([1, 0, 0, 1]);
    expect(Array.from(attentionMap(inspection, 0, 'average') ?? [])).toEqual([1, 0, 0.25, 0.75]);
    const one = { ...inspection, grids: inspection.grids.slice(0, 1) };
    expect(attentionMap(one, 0, 1)).toBeNull();
    expect(attentionMap(one, 0, 'average')).toBeNull();
  });
});
