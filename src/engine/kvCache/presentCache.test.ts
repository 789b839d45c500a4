import * as ort from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';
import { headDim, TINY_GPT2 } from '../modelShape';
import type { CacheContext, Outputs } from './kvCache';
import { PresentCache, presentOutputNames } from './presentCache';

/** Outputs of one run as WebGPU returns them with the cache kept there: GPU tensors to release. */
function gpuOutputs(failing = false) {
  const disposers = presentOutputNames(TINY_GPT2.layers).map((name, i) => ({
    name,
    dispose: vi.fn(() => {
      if (failing && i === 0) throw new Error('device lost');
    }),
  }));
  const outputs = Object.fromEntries(
    disposers.map(({ name, dispose }) => [name, { location: 'gpu-buffer', dispose }]),
  ) as unknown as Outputs;
  const calls = (): number[] => disposers.map((d) => d.dispose.mock.calls.length);
  return { outputs, calls };
}

const context = (): CacheContext => ({
  session: { inputMetadata: [] } as unknown as CacheContext['session'],
  shape: TINY_GPT2,
  Tensor: ort.Tensor as unknown as CacheContext['Tensor'],
});

describe('PresentCache with the cache on the GPU', () => {
  it('feeds each run the previous outputs and releases every GPU tensor exactly once', () => {
    const cache = new PresentCache(context());
    const first = gpuOutputs();
    cache.absorb(first.outputs);
    expect(cache.feeds(4, 1)['past_key_values.0.key']).toBe(first.outputs['present.0.key']);
    const second = gpuOutputs();
    cache.absorb(second.outputs);
    expect(first.calls().every((n) => n === 1)).toBe(true);
    expect(second.calls().every((n) => n === 0)).toBe(true);
    cache.reset();
    cache.dispose();
    expect(second.calls().every((n) => n === 1)).toBe(true);
    expect(first.calls().every((n) => n === 1)).toBe(true);
  });

  it('a release that throws (a lost device) stops neither the others nor a later reset', () => {
    const cache = new PresentCache(context());
    const lost = gpuOutputs(true);
    cache.absorb(lost.outputs);
    expect(() => cache.dispose()).not.toThrow();
    cache.reset();
    expect(lost.calls().every((n) => n === 1)).toBe(true);
    expect(cache.feeds(0, 1)['past_key_values.0.key'].dims).toEqual([
      1,
      TINY_GPT2.heads,
      0,
      headDim(TINY_GPT2),
    ]);
  });

  it('rolls back and saves a GPU cache by reading it back, releasing each GPU tensor once', async () => {
    const cache = new PresentCache(context());
    const { heads } = TINY_GPT2;
    const size = headDim(TINY_GPT2);
    // Three positions per head, every number saying where it sits: head·1000 + position·100 + i.
    const data = Float32Array.from({ length: heads * 3 * size }, (_, n) => {
      const [head, rest] = [Math.floor(n / (3 * size)), n % (3 * size)];
      return head * 1000 + Math.floor(rest / size) * 100 + (rest % size);
    });
    const gpuTensors = presentOutputNames(TINY_GPT2.layers).map((name) => ({
      name,
      location: 'gpu-buffer',
      type: 'float32',
      dims: [1, heads, 3, size],
      getData: vi.fn(() => Promise.resolve(data)),
      dispose: vi.fn(),
    }));
    cache.absorb(Object.fromEntries(gpuTensors.map((t) => [t.name, t])) as unknown as Outputs);
    const saved = await cache.save(3);
    await cache.truncate(2);
    expect(gpuTensors.every((t) => t.dispose.mock.calls.length === 1)).toBe(true);
    const kept = cache.feeds(2, 1)['past_key_values.1.value'];
    expect(kept.location).toBe('cpu');
    expect(kept.dims).toEqual([1, heads, 2, size]);
    const rows = kept.data as Float32Array;
    // Head 1's first number follows head 0's two positions; the third position is gone.
    expect(rows[2 * size]).toBe(1000);
    expect(rows[size]).toBe(100);
    expect(rows).toHaveLength(heads * 2 * size);
    cache.restore(saved);
    const restored = cache.feeds(3, 1)['past_key_values.0.key'];
    expect(restored.dims).toEqual([1, heads, 3, size]);
    expect(Array.from(restored.data as Float32Array)).toEqual(Array.from(data));
    cache.dispose();
    expect(gpuTensors.every((t) => t.dispose.mock.calls.length === 1)).toBe(true);
  });

  it('cuts a float16 cache to its first positions, two bytes a number', async () => {
    const session = {
      inputMetadata: [
        { name: 'past_key_values.0.key', isTensor: true, type: 'float16', shape: [] },
      ],
    } as unknown as CacheContext['session'];
    const cache = new PresentCache({ ...context(), session });
    const { heads } = TINY_GPT2;
    const size = headDim(TINY_GPT2);
    // Two positions per head; the numbers are float16 bit patterns, here simply their index.
    const bits = Uint16Array.from({ length: heads * 2 * size }, (_, n) => n);
    const outputs = Object.fromEntries(
      presentOutputNames(TINY_GPT2.layers).map((name) => [
        name,
        new ort.Tensor('float16', bits, [1, heads, 2, size]),
      ]),
    ) as unknown as Outputs;
    cache.absorb(outputs);
    await cache.truncate(1);
    const kept = cache.feeds(1, 1)['past_key_values.0.key'];
    expect(kept.type).toBe('float16');
    expect(kept.dims).toEqual([1, heads, 1, size]);
    const data = kept.data as Uint16Array;
    const got = new Uint16Array(data.buffer, data.byteOffset, data.length);
    const expected = Array.from({ length: heads }, (_, h) =>
      Array.from({ length: size }, (_, i) => h * 2 * size + i),
    ).flat();
    expect(Array.from(got)).toEqual(expected);
  });
});
