/**
 * onnxruntime-web's builds inside a worker: how each is loaded and pointed at its WASM binary,
 * and a session on one of them with the app's options. Only this file imports the web runtime;
 * ortWeb.ts decides which build a backend runs on and how many threads.
 *
 * Two builds, loaded on demand: WASM sessions run on the plain CPU build
 * (`onnxruntime-web/wasm`, a 14 MB binary), WebGPU sessions on `onnxruntime-web/webgpu` (27 MB),
 * whose WebGPU execution provider is written in C++ inside the binary. The package's default
 * build runs WebGPU through JSEP instead, kernels written in JavaScript, which onnxruntime is
 * retiring; on the same file and engine the native provider runs a step faster, with the same
 * greedy tokens. WASM keeps the plain build: a GPT-2-sized session opens faster there, and V8 has
 * less of it to recompile during the first run. The figures, and `npm run bench`'s comparison of
 * the two builds: bench/README.md, "The onnxruntime-web builds".
 */
import type * as OrtModule from 'onnxruntime-web';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import webgpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { TensorClass } from '../engine/decoder';
import type { ModelShape } from '../engine/modelShape';
import type { CreatedSession } from './hostDeps';
import type { Backend, RuntimeBuild } from './protocol';
import { sessionOptions } from './sessionOptions';

export type Ort = typeof OrtModule;

const BUILDS: Record<RuntimeBuild, { load: () => Promise<Ort>; wasmUrl: string }> = {
  plain: { load: () => import('onnxruntime-web/wasm'), wasmUrl: plainWasmUrl },
  webgpu: { load: () => import('onnxruntime-web/webgpu'), wasmUrl: webgpuWasmUrl },
};

/** The build each backend runs on when the worker has loaded none yet. */
export const BUILD_FOR: Record<Backend, RuntimeBuild> = { wasm: 'plain', webgpu: 'webgpu' };

/**
 * Imports build `name` and configures it for `threads` WASM threads. onnxruntime-web reads the
 * thread count once, when its first session starts the WASM module.
 */
export async function loadBuild(name: RuntimeBuild, threads: number): Promise<Ort> {
  const build = BUILDS[name];
  const ort = await build.load();
  // Each build embeds its JS glue but fetches its .wasm: point it at our bundled copy, wherever
  // the app is hosted (Vite rewrites the URL with the base path). Each build has its own `env`.
  ort.env.wasm.wasmPaths = { wasm: new URL(build.wasmUrl, globalThis.location.href).href };
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  return ort;
}

/** A session for `backend` on the loaded build `ort`, with the app's options (sessionOptions.ts). */
export async function openSession(
  ort: Ort,
  bytes: Uint8Array,
  backend: Backend,
  shape: Pick<ModelShape, 'layers'>,
): Promise<CreatedSession> {
  const session = await ort.InferenceSession.create(bytes, sessionOptions(backend, shape));
  // Feeds are made with the Tensor class of the build that runs them.
  const Tensor: TensorClass = ort.Tensor;
  return { session, threads: backend === 'wasm' ? (ort.env.wasm.numThreads ?? 1) : 0, Tensor };
}
