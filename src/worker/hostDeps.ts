/**
 * What the engine host is given from outside: the runtime, the network, the clock and the
 * worker's event loop. The Web Worker passes the browser's; the tests pass onnxruntime-node and
 * fakes.
 */
import type { InferenceSession } from 'onnxruntime-web';
import type { BuildProgress } from '../engine/build/browserBuild';
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
  /**
   * Makes sure a built model's files are in the cache (src/engine/build/browserBuild.ts): builds
   * the missing ones from the original weights, reporting the weights' download and each file.
   * Absent where no build can run: loading a built model then fails with `bad_request`.
   */
  buildModel?(
    spec: ModelSpec,
    onDownload: (p: FileProgress) => void,
    onBuild: (p: BuildProgress) => void,
    signal: AbortSignal,
  ): Promise<void>;
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
