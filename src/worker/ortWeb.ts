/**
 * onnxruntime-web set-up inside the worker: where its WASM binary lives, how many threads, and
 * session creation for the chosen backend. Only this file imports the web runtime.
 */
import * as ort from 'onnxruntime-web';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import type { CreatedSession } from './engineHost';
import type { Backend } from './protocol';

let configured = false;

/** Threads need SharedArrayBuffer, i.e. a cross-origin-isolated page; otherwise one thread. */
export function wasmThreads(): number {
  if (!globalThis.crossOriginIsolated) return 1;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(4, cores));
}

function configure(): void {
  if (configured) return;
  configured = true;
  // The default bundle embeds its JS glue but fetches the .wasm: point it at our bundled copy,
  // wherever the app is hosted (Vite rewrites the URL with the base path).
  ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, globalThis.location.href).href };
  ort.env.wasm.numThreads = wasmThreads();
  ort.env.logLevel = 'error';
}

export async function createWebSession(
  bytes: Uint8Array,
  backend: Backend,
  /** More session options (the benchmark's variants, e.g. idle threads that sleep). */
  extra?: ort.InferenceSession.SessionOptions['extra'],
): Promise<CreatedSession> {
  configure();
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: backend === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'],
    graphOptimizationLevel: 'all',
    ...(extra ? { extra } : {}),
  });
  return { session, threads: backend === 'wasm' ? (ort.env.wasm.numThreads ?? 1) : 0 };
}

export const Tensor = ort.Tensor;
