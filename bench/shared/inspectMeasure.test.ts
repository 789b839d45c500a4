import { describe, expect, it } from 'vitest';
import type { InferenceSession } from 'onnxruntime-web';
import type { TensorClass } from '../../src/engine/kvCache/kvCache';
import type { ModelShape } from '../../src/engine/modelShape';
import { inspectFigure, measureInspection } from './inspectMeasure';

const SHAPE: ModelShape = {
  layers: 2,
  heads: 2,
  width: 4,
  vocab: 8,
  context: 16,
  eosTokenId: 7,
  layerNormEpsilon: 1e-5,
};

/** Stands in for onnxruntime's Tensor: keeps what it was given. */
class FakeTensor {
  disposed = false;
  constructor(
    readonly type: string,
    readonly data: unknown,
    readonly dims: readonly number[],
  ) {}
  dispose(): void {
    this.disposed = true;
  }
}

/** A session with the inspection file's outputs, recording each run's length and fetches. */
function fakeSession() {
  const calls: { length: number; fetches: string[] | undefined }[] = [];
  const outputNames = ['logits', 'attn.0', 'attn.1', 'lens_logits'];
  const session = {
    outputNames,
    async run(feeds: Record<string, FakeTensor>, fetches?: string[]) {
      const length = feeds.input_ids.dims[1];
      calls.push({ length, fetches });
      const sizes: Record<string, number> = {
        logits: length * SHAPE.vocab,
        'attn.0': SHAPE.heads * length * length,
        'attn.1': SHAPE.heads * length * length,
        lens_logits: SHAPE.layers * SHAPE.vocab,
      };
      const names = fetches ?? outputNames;
      return Object.fromEntries(
        names.map((name) => [name, new FakeTensor('float32', new Float32Array(sizes[name]), [])]),
      );
    },
  };
  return { session: session as unknown as InferenceSession, calls };
}

describe('inspectFigure', () => {
  it('takes medians of the timed passes, the warm-up only as the first pass', () => {
    const figure = inspectFigure(
      128,
      { totalMs: 900, modelMs: 850 },
      [
        { totalMs: 300, modelMs: 250 },
        { totalMs: 200, modelMs: 180 },
        { totalMs: 400, modelMs: 300 },
      ],
      [150, 120, 170],
    );
    expect(figure).toEqual({
      context: 128,
      runs: 3,
      firstMs: 900,
      totalMs: 300,
      modelMs: 250,
      // Each pass's rest (50, 20, 100): its median, not the difference of the medians.
      summaryMs: 50,
      totalsMs: [300, 200, 400],
      modelWithoutLogitsMs: 150,
    });
  });
});

describe('measureInspection', () => {
  it('runs a warm-up and the timed passes per context, each beside a run without logits', async () => {
    const { session, calls } = fakeSession();
    const tensor = FakeTensor as unknown as TensorClass;
    const plan = { contexts: [3, 5], repeats: 2 };
    const figures = await measureInspection(session, tensor, SHAPE, plan, () => undefined);
    expect(figures.map((f) => [f.context, f.runs, f.totalsMs.length])).toEqual([
      [3, 2, 2],
      [5, 2, 2],
    ]);
    // Per context: warm-up pass, bare run, then pass and bare run `repeats` times.
    expect(calls.map((c) => c.length)).toEqual([3, 3, 3, 3, 3, 3, 5, 5, 5, 5, 5, 5]);
    const bare = calls.filter((c) => c.fetches !== undefined);
    expect(bare.length).toBe(6);
    expect(bare.every((c) => c.fetches?.join() === 'attn.0,attn.1,lens_logits')).toBe(true);
    for (const f of figures) {
      expect(f.totalMs).toBeGreaterThanOrEqual(f.modelMs);
      expect(Number.isFinite(f.modelWithoutLogitsMs)).toBe(true);
    }
  });
});
