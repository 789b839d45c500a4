/**
 * onnxruntime-web set-up inside the worker: which of its builds runs a backend, where that build's
 * WASM binary lives, how many threads, and session creation. Only this file imports the web
 * runtime.
 *
 * Two builds, loaded on demand: WASM sessions run on the plain CPU build
 * (`onnxruntime-web/wasm`, a 14 MB binary), WebGPU sessions on `onnxruntime-web/webgpu` (27 MB),
 * whose WebGPU execution provider is written in C++ inside the binary. The package's default
 * build runs WebGPU through JSEP instead, kernels written in JavaScript, which onnxruntime is
 * retiring; measured side by side in Chromium on the same tiny-gpt2 file and engine (SwiftShader,
 * the only adapter on the 2-core machine), the native provider ran a step in 428 ms against 1 145
 * ms, with the same greedy tokens (README, Backends). WASM keeps the plain build: a GPT-2-sized
 * session opened there in 8–11.5 s against 12.6–16.6 s on the JSEP build, and V8 had less of it
 * to recompile during the first run; `npm run bench` measures it against the WebGPU build too.
 */
import type * as OrtModule from 'onnxruntime-web';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import webgpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { TensorClass } from '../engine/decoder';
import type { ModelShape } from '../engine/modelShape';
import type { CreatedSession } from './engineHost';
import type { Backend, RuntimeBuild } from './protocol';
import { sessionOptions } from './sessionOptions';

type Ort = typeof OrtModule;

const BUILDS: Record<RuntimeBuild, { load: () => Promise<Ort>; wasmUrl: string }> = {
  plain: { load: () => import('onnxruntime-web/wasm'), wasmUrl: plainWasmUrl },
  webgpu: { load: () => import('onnxruntime-web/webgpu'), wasmUrl: webgpuWasmUrl },
};

/** Each build is imported and configured once, on first use. */
const runtimes = new Map<RuntimeBuild, Promise<Ort>>();

/** The build each backend runs on when the worker has loaded none yet. */
export const BUILD_FOR: Record<Backend, RuntimeBuild> = { wasm: 'plain', webgpu: 'webgpu' };

/**
 * The build a session for `backend` runs on. WASM runs on the WebGPU build too once that is in
 * this worker (a fallback from WebGPU, or the user switching backends): a second build would be
 * another download and another WASM heap, which never shrinks, beside the first one's.
 */
export function buildFor(backend: Backend): RuntimeBuild {
  return backend === 'wasm' && runtimes.has('webgpu') ? 'webgpu' : BUILD_FOR[backend];
}

/** Threads need SharedArrayBuffer, i.e. a cross-origin-isolated page; otherwise one thread. */
export function wasmThreads(): number {
  if (!globalThis.crossOriginIsolated) return 1;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(4, cores));
}

async function configured(name: RuntimeBuild): Promise<Ort> {
  const build = BUILDS[name];
  const ort = await build.load();
  // Each build embeds its JS glue but fetches its .wasm: point it at our bundled copy, wherever
  // the app is hosted (Vite rewrites the URL with the base path). Each build has its own `env`.
  ort.env.wasm.wasmPaths = { wasm: new URL(build.wasmUrl, globalThis.location.href).href };
  ort.env.wasm.numThreads = wasmThreads();
  ort.env.logLevel = 'error';
  return ort;
}

/** The configured build, imported on first use. */
function runtime(name: RuntimeBuild): Promise<Ort> {
  let loading = runtimes.get(name);
  if (!loading) {
    loading = configured(name);
    // A failed import of the build's script (offline, say) is tried again by the next load.
    loading.catch(() => runtimes.delete(name));
    runtimes.set(name, loading);
  }
  return loading;
}

/** What the benchmark varies; the app passes nothing. */
export interface SessionVariant {
  /** Another build than the backend's own (the WASM backend on the WebGPU build). */
  build?: RuntimeBuild;
}

/** A session for `backend`, with the app's options (sessionOptions.ts). */
export async function createWebSession(
  bytes: Uint8Array,
  backend: Backend,
  shape: Pick<ModelShape, 'layers'>,
  { build = buildFor(backend) }: SessionVariant = {},
): Promise<CreatedSession> {
  const ort = await runtime(build);
  const session = await ort.InferenceSession.create(bytes, sessionOptions(backend, shape));
  // Feeds are made with the Tensor class of the build that runs them.
  const Tensor: TensorClass = ort.Tensor;
  return { session, threads: backend === 'wasm' ? (ort.env.wasm.numThreads ?? 1) : 0, Tensor };
}
