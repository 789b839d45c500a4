/** The graph builder's shared constants: one initializer per name, and one value per name. */
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graphBuilder';
import { DataType, decodeModel } from './onnxSchema';

const initializersOf = (g: GraphBuilder) => decodeModel(g.build()).initializers;

describe('GraphBuilder shared constants', () => {
  it('gives a second request for the same value the same initializer', () => {
    const g = new GraphBuilder('shared');
    expect(g.int64Const('shape', [3], [0, 0, 8])).toBe('shape');
    expect(g.int64Const('shape', [3], [0, 0, 8])).toBe('shape');
    expect(g.floatScalar('half', 0.5)).toBe('half');
    expect(g.floatScalar('half', 0.5)).toBe('half');
    const initializers = initializersOf(g);
    expect(initializers.map((t) => t.name)).toEqual(['shape', 'half']);
    expect(initializers[0]).toMatchObject({ dims: [3], dataType: DataType.INT64 });
  });

  it('refuses another value under a name already given', () => {
    const g = new GraphBuilder('clash');
    g.int64Const('shape_width', [3], [0, 0, 8]);
    // Other data, other dims, another type: each would have read the first value silently.
    expect(() => g.int64Const('shape_width', [3], [1, -1, 8])).toThrow(/shape_width/);
    expect(() => g.int64Const('shape_width', [1, 3], [0, 0, 8])).toThrow(/another value/);
    g.floatScalar('one', 1);
    expect(() => g.floatScalar('one', 1.5)).toThrow(/another value/);
    expect(() => g.int64Const('one', [], [1])).toThrow(/another value/);
    expect(() => g.int64Const('bad', [2], [1, 2, 3])).toThrow(/3 values for dims \[2\]/);
    expect(initializersOf(g).map((t) => t.name)).toEqual(['shape_width', 'one']);
  });
});
