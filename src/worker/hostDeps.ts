/**
 * What the engine host is given from outside: the runtime, the network, the clock and the
 * worker's event loop. The Web Worker passes the browser's; the tests pass onnxruntime-node and
 * fakes.
 */
import type { InferenceSession } from 'onnxruntime-web';
import type { TensorClass } from '../engine/decoder';
import type { FileProgress, ModelFiles } from '../engine/modelFiles';
import type { ModelSpec } from '../engine/modelCatalog';
import type { ModelShape } from '../engine/modelShape';
import type { AdapterReport, Backend, WorkerEvent } from './protocol';

export interface CreatedSession {
  session: InferenceSession;
  threads: number;
  /** The tensor class of the runtime that made the session: its feeds are made with it. */
  Tensor: TensorClass;
}

export interface HostDeps {
  post(event: WorkerEvent): void;
  fetchModel(
    spec: ModelSpec,
    baseHref: string,
    onProgress: (p: FileProgress) => void,
    signal: AbortSignal,
  ): Promise<ModelFiles>;
  /** `shape` is the model's (from its config): WebGPU keeps each layer's cache outputs on the GPU. */
  createSession(bytes: Uint8Array, backend: Backend, shape: ModelShape): Promise<CreatedSession>;
  probeAdapter(): Promise<AdapterReport | null>;
  now(): number;
  /**
   * Resolves on a later task of the worker's event loop, after the messages that arrived before
   * the call were handled (see nextTask.ts): the host awaits it between steps to read a Stop.
   */
  nextTask(): Promise<void>;
}
