/**
 * Runs the GroupQueryAttention file (src/engine/build/gqaGraph.ts, written with `fresh: false`)
 * on onnxruntime-web's native WebGPU provider with everything in GPU buffers that live as long as
 * the runner: the fed token, its position, `seqlens_k`, `total_sequence_length`, one cache buffer
 * per layer and kind at full capacity, handed both as the past input and as the pre-allocated
 * present output (so the kernel writes the new row in place: past_present_share_buffer), and the
 * logits. Each step writes the four small inputs into their buffers, runs the session and reads
 * the logits back. Every step therefore has the same shapes and the same buffers, which is what
 * onnxruntime's graph capture needs to record a step once and replay it (`capture`): the kernels
 * read the valid length from `seqlens_k` on the GPU. Without capture, `total_sequence_length` is
 * fed from JS memory, as the kernel then expects. For bench/dawnGraph.ts; the app does not load
 * this file.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import {
  pastName,
  presentName,
  SEQLENS_K,
  TOTAL_SEQUENCE_LENGTH,
} from '../../src/engine/build/gqaGraph';
import { headDim, type ModelShape } from '../../src/engine/modelShape';
import type { Ort } from './webBuilds';

/** The little of WebGPU this runner touches (the project has no WebGPU type package). */
export interface GpuBuffer {
  readonly size: number;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}
export interface GpuDevice {
  createBuffer(descriptor: { size: number; usage: number }): GpuBuffer;
  createCommandEncoder(): {
    copyBufferToBuffer(
      from: GpuBuffer,
      at: number,
      to: GpuBuffer,
      toAt: number,
      size: number,
    ): void;
    finish(): unknown;
  };
  readonly queue: {
    writeBuffer(buffer: GpuBuffer, offset: number, data: ArrayBufferView): void;
    submit(commands: unknown[]): void;
  };
}

/** WebGPU's GPUBufferUsage flags used here. */
const USAGE = { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, STORAGE: 128 } as const;
/** Buffers are sized in whole 16-byte units, as onnxruntime's own allocator sizes them. */
const rounded = (bytes: number): number => Math.ceil(bytes / 16) * 16;

export class GqaGpuRunner {
  /** Tokens whose rows the cache buffers hold; set it lower to roll back (rows past it unread). */
  length = 0;
  /** Runs made, and the runs whose output wrapping failed after the replay (see afterReplay). */
  runs = 0;
  outputErrors = 0;
  /** The first run's ms: under graph capture, the run that records the step. */
  firstRunMs = 0;
  /** The last step's ms in `session.run`, and reading its logits back after it. */
  lastRunMs = 0;
  lastReadMs = 0;
  private readonly owned: GpuBuffer[] = [];
  private readonly ids: GpuBuffer;
  private readonly position: GpuBuffer;
  private readonly seqlens: GpuBuffer;
  private readonly total: GpuBuffer;
  private readonly logits: GpuBuffer;
  private readonly staging: GpuBuffer;
  private readonly feeds: Record<string, Tensor> = {};
  private readonly fetches: Record<string, Tensor> = {};

  constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly shape: ModelShape,
    private readonly device: GpuDevice,
    readonly capacity: number,
    readonly capture: boolean,
  ) {
    const storage = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;
    this.ids = this.buffer(8, storage);
    this.position = this.buffer(8, storage);
    this.seqlens = this.buffer(4, storage);
    this.total = this.buffer(4, storage);
    this.logits = this.buffer(shape.vocab * 4, storage);
    this.staging = this.buffer(shape.vocab * 4, USAGE.MAP_READ | USAGE.COPY_DST);
    this.feeds.input_ids = this.tensor(this.ids, 'int64', [1, 1]);
    this.feeds.position_ids = this.tensor(this.position, 'int64', [1, 1]);
    this.feeds[SEQLENS_K] = this.tensor(this.seqlens, 'int32', [1]);
    this.feeds[TOTAL_SEQUENCE_LENGTH] = this.tensor(this.total, 'int32', []);
    this.fetches.logits = this.tensor(this.logits, 'float32', [1, shape.vocab]);
    const dims = [1, shape.heads, capacity, headDim(shape)];
    const bytes = dims.reduce((a, b) => a * b) * 4;
    for (let i = 0; i < shape.layers; i++) {
      for (const kind of ['key', 'value'] as const) {
        const cache = this.tensor(this.buffer(bytes, storage), 'float32', dims);
        this.feeds[pastName(i, kind)] = cache;
        this.fetches[presentName(i, kind)] = cache; // the same buffer: written in place
      }
    }
  }

  /** Feeds `token` after the cached tokens; returns the logits of the next token. */
  async step(token: number): Promise<Float32Array> {
    const total = this.length + 1;
    if (total > this.capacity) throw new Error(`${total} tokens exceed capacity ${this.capacity}`);
    const { queue } = this.device;
    queue.writeBuffer(this.ids, 0, BigInt64Array.of(BigInt(token)));
    queue.writeBuffer(this.position, 0, BigInt64Array.of(BigInt(this.length)));
    queue.writeBuffer(this.seqlens, 0, Int32Array.of(total - 1));
    let feeds = this.feeds;
    if (this.capture) queue.writeBuffer(this.total, 0, Int32Array.of(total));
    else {
      const length = new this.ort.Tensor('int32', Int32Array.of(total), []);
      feeds = { ...this.feeds, [TOTAL_SEQUENCE_LENGTH]: length };
    }
    const t0 = performance.now();
    try {
      await this.session.run(feeds, this.fetches);
    } catch (error) {
      if (!this.afterReplay(error)) throw error;
      this.outputErrors++;
    }
    const t1 = performance.now();
    this.lastRunMs = t1 - t0;
    if (this.runs === 0) this.firstRunMs = this.lastRunMs;
    this.runs++;
    this.length = total;
    const logits = await this.readLogits();
    this.lastReadMs = performance.now() - t1;
    return logits;
  }

  /**
   * onnxruntime-web 1.30's `run` (dist/ort.webgpu.mjs) recognises pre-allocated outputs only in
   * the run that binds them, the first one under graph capture. In every later run the replay
   * completes and writes into the bound buffers, and then the JavaScript that wraps the outputs
   * looks the caller's buffers up among those registered for this run, finds none and throws
   * this TypeError. The results are already in this runner's buffers: the error is counted
   * (`outputErrors`) and the step goes on; bench/dawnGraph.ts checks the tokens and logits
   * against the app's own way.
   */
  private afterReplay(error: unknown): boolean {
    return (
      this.capture &&
      this.runs > 0 &&
      error instanceof TypeError &&
      error.message.includes('gpuBufferMetadata')
    );
  }

  /** Releases every buffer this runner made (the session is the caller's). */
  dispose(): void {
    for (const buffer of this.owned) buffer.destroy();
    this.owned.length = 0;
  }

  private async readLogits(): Promise<Float32Array> {
    const bytes = this.shape.vocab * 4;
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(this.logits, 0, this.staging, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(USAGE.MAP_READ);
    const logits = new Float32Array(this.staging.getMappedRange().slice(0, bytes));
    this.staging.unmap();
    return logits;
  }

  private buffer(bytes: number, usage: number): GpuBuffer {
    const buffer = this.device.createBuffer({ size: rounded(bytes), usage });
    this.owned.push(buffer);
    return buffer;
  }

  private tensor(
    buffer: GpuBuffer,
    dataType: 'int64' | 'int32' | 'float32',
    dims: number[],
  ): Tensor {
    // onnxruntime types the buffer as the global GPUBuffer, which Node's types do not declare.
    const gpuBuffer = buffer as unknown as Tensor.GpuBufferType;
    return this.ort.Tensor.fromGpuBuffer(gpuBuffer, { dataType, dims });
  }
}
