/**
 * The app's onnxruntime-web set-up inside the worker: which build runs a backend (ortBuilds.ts
 * loads them), how many threads, and session creation. Each build is imported once, on first use.
 */
import type { ModelShape } from '../engine/modelShape';
import type { CreatedSession } from './hostDeps';
import { BUILD_FOR, loadBuild, openSession, type Ort } from './ortBuilds';
import type { Backend, RuntimeBuild } from './protocol';

const runtimes = new Map<RuntimeBuild, Promise<Ort>>();

/**
 * The build a session for `backend` runs on. WASM runs on the WebGPU build too once that is in
 * this worker (a fallback from WebGPU, or the user switching backends): a second build would be
 * another download and another WASM heap, which never shrinks, beside the first one's.
 */
export function buildFor(backend: Backend): RuntimeBuild {
  return backend === 'wasm' && runtimes.has('webgpu') ? 'webgpu' : BUILD_FOR[backend];
}

/**
 * Threads need SharedArrayBuffer, i.e. a cross-origin-isolated page; otherwise one thread. As
 * many threads as cores (at most 4), the page's drawing included: on a 2-core machine one thread,
 * leaving a core to the page, made the page's step slower, 47.8 against 32.0 ms on two
 * (bench/README.md, "Threads in the page").
 */
export function wasmThreads(
  isolated = globalThis.crossOriginIsolated,
  cores = globalThis.navigator?.hardwareConcurrency ?? 1,
): number {
  if (!isolated) return 1;
  return Math.max(1, Math.min(4, cores));
}

/** The configured build, imported on first use. */
function runtime(name: RuntimeBuild): Promise<Ort> {
  let loading = runtimes.get(name);
  if (!loading) {
    loading = loadBuild(name, wasmThreads());
    // A failed import of the build's script (offline, say) is tried again by the next load.
    loading.catch(() => runtimes.delete(name));
    runtimes.set(name, loading);
  }
  return loading;
}

/** A session for `backend`, with the app's options (sessionOptions.ts). */
export async function createWebSession(
  bytes: Uint8Array,
  backend: Backend,
  shape: Pick<ModelShape, 'layers'>,
): Promise<CreatedSession> {
  return openSession(await runtime(buildFor(backend)), bytes, backend, shape);
}
