/**
 * The batched beam step's GPU outputs: on WebGPU each `present` comes back in a GPU buffer, read
 * back (and released) one by one. A step that fails partway, before or while reading them, must
 * release every one it did not read; a step that succeeds releases each exactly once. A fake
 * session returns real onnxruntime tensors over fake GPU buffers whose release is counted.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';
import type { KvCacheDecoder } from '../decoder';
import type { Outputs } from '../kvCache/kvCache';
import { PresentCacheState } from '../kvCache/presentCache';
import type { ModelShape } from '../modelShape';
import { PresentBatch } from './beamBatchHub';

/** Two layers, one head of width 2: a beam's key (or value) cache is 2 numbers a token. */
const SHAPE: ModelShape = {
  layers: 2,
  heads: 1,
  width: 2,
  vocab: 4,
  context: 16,
  eosTokenId: 3,
  layerNormEpsilon: 1e-5,
};
const PAST = ['0.key', '0.value', '1.key', '1.value'].map((s) => `past_key_values.${s}`);
const PRESENT = PAST.map((name) => name.replace('past_key_values.', 'present.'));

interface Trouble {
  /** A present whose read back fails (a lost device mid-read). */
  failingRead?: string;
  /** Logits of the wrong size: the step fails before any present is read. */
  badLogits?: boolean;
}

/** One output in a fake GPU buffer, its releases counted. */
function gpuTensor(name: string, data: Float32Array, dims: number[], trouble: Trouble) {
  const dispose = vi.fn();
  const buffer = {
    size: data.byteLength,
    mapState: 'unmapped',
  } as unknown as ort.Tensor.GpuBufferType;
  const tensor = ort.Tensor.fromGpuBuffer(buffer, {
    dataType: 'float32',
    dims,
    download: async () => {
      if (trouble.failingRead === name) throw new Error('device lost');
      return data;
    },
    dispose,
  });
  return { tensor, dispose };
}

/**
 * A decoder on a session whose every run returns WebGPU-like outputs: logits in JS memory and
 * each `present` in a GPU buffer. `released()` tells how often each run's presents were released.
 */
function fakeGpuDecoder(trouble: Trouble = {}) {
  const runs: { name: string; dispose: ReturnType<typeof vi.fn> }[][] = [];
  const meta = (name: string) => ({
    name,
    isTensor: true as const,
    type: 'float32' as const,
    shape: ['batch_size', name === 'input_ids' ? 1 : 'length'],
  });
  const inputNames = ['input_ids', 'attention_mask', ...PAST];
  const session = {
    inputNames,
    outputNames: ['logits', ...PRESENT],
    inputMetadata: inputNames.map(meta),
    run: async (feeds: Record<string, ort.Tensor>) => {
      const [batch, , length] = feeds[PAST[0]].dims;
      const total = length + 1;
      const vocab = trouble.badLogits ? SHAPE.vocab - 1 : SHAPE.vocab;
      const logits = new ort.Tensor('float32', new Float32Array(batch * vocab), [batch, 1, vocab]);
      const presents = PRESENT.map((name) => ({
        name,
        ...gpuTensor(name, new Float32Array(batch * total * 2), [batch, 1, total, 2], trouble),
      }));
      runs.push(presents.map(({ name, dispose }) => ({ name, dispose })));
      return Object.fromEntries([
        ['logits', logits],
        ...presents.map(({ name, tensor }) => [name, tensor]),
      ]) as Outputs;
    },
  };
  const decoder = {
    layout: 'hf',
    session,
    shape: SHAPE,
    TensorCtor: ort.Tensor,
  } as unknown as KvCacheDecoder;
  const released = (run = 0): Record<string, number> =>
    Object.fromEntries(runs[run].map(({ name, dispose }) => [name, dispose.mock.calls.length]));
  return { decoder, released };
}

/** The prompt's state: one token cached, in JS memory. */
const promptState = () =>
  ({
    tokens: [1],
    cache: new PresentCacheState(
      1,
      new Map(
        PAST.map((name) => [name, new ort.Tensor('float32', new Float32Array(2), [1, 1, 1, 2])]),
      ),
    ),
  }) as const;

const everyOnce = Object.fromEntries(PRESENT.map((name) => [name, 1]));

describe('the batched step’s GPU outputs', () => {
  it('are each released once when the step succeeds (read back, then released)', async () => {
    const { decoder, released } = fakeGpuDecoder();
    const batch = new PresentBatch(decoder, promptState());
    const step = await batch.step([
      { parent: batch.start, tokenId: 0 },
      { parent: batch.start, tokenId: 2 },
    ]);
    expect(step.beams.map((b) => b.length)).toEqual([2, 2]);
    expect(released()).toEqual(everyOnce);
  });

  it('are all released when a read back fails partway, the unread ones too', async () => {
    const { decoder, released } = fakeGpuDecoder({ failingRead: 'present.0.value' });
    const batch = new PresentBatch(decoder, promptState());
    const items = [0, 2].map((tokenId) => ({ parent: batch.start, tokenId }));
    await expect(batch.step(items)).rejects.toThrow('device lost');
    expect(released()).toEqual(everyOnce);
  });

  it('are all released when the step fails before reading any', async () => {
    const { decoder, released } = fakeGpuDecoder({ badLogits: true });
    const batch = new PresentBatch(decoder, promptState());
    const items = [0, 2].map((tokenId) => ({ parent: batch.start, tokenId }));
    await expect(batch.step(items)).rejects.toThrow('"logits" has an unexpected type or size');
    expect(released()).toEqual(everyOnce);
  });
});
