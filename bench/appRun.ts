/**
 * The app's own engine in the bench worker: the app's ort-web set-up (createWebSession from
 * src/worker/ortWeb.ts), KvCacheDecoder and Generation, measured by measure.ts.
 */
import * as ort from 'onnxruntime-web';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import { KvCacheDecoder } from '../src/engine/decoder';
import { parseModelConfig } from '../src/engine/modelShape';
import { createWebSession, Tensor, wasmThreads } from '../src/worker/ortWeb';
import { measureEngine, stampRuns } from './measure';
import { runtimeFiles, VARIANT_FILES, type AppRunResult, type BenchRequest } from './protocol';

type AppRequest = Extract<BenchRequest, { kind: 'app' }>;

/**
 * ortWeb.ts takes its thread count from navigator.hardwareConcurrency (capped at 4) and offers no
 * parameter, so the bench pins that value before the first session. Must run before any session:
 * onnxruntime-web reads numThreads once, when it initialises its WASM module.
 */
function pinThreads(threads: number): void {
  Object.defineProperty(globalThis.navigator, 'hardwareConcurrency', {
    configurable: true,
    get: () => threads,
  });
}

/**
 * The app's session (createWebSession), or — for the `spinning: false` variant — the same
 * options plus `session.intra_op.allow_spinning = 0`, so the runtime's idle threads sleep instead
 * of spinning on the CPU the worker's JavaScript needs. ortWeb.ts offers no hook for that, so
 * this repeats its set-up (same wasm file, thread count and optimisation level).
 */
async function createSession(
  bytes: Uint8Array,
  request: AppRequest,
): Promise<ort.InferenceSession> {
  if (request.spinning) return (await createWebSession(bytes, request.backend)).session;
  ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, globalThis.location.href).href };
  ort.env.wasm.numThreads = wasmThreads();
  ort.env.logLevel = 'error';
  return ort.InferenceSession.create(bytes, {
    executionProviders: request.backend === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'],
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function runApp(
  request: AppRequest,
  log: (line: string) => void,
): Promise<AppRunResult> {
  pinThreads(request.threads);
  const configResponse = await fetch(`${request.modelUrl}config.json`);
  const shape = parseModelConfig(await configResponse.json());
  // The 500 MB of model bytes stay inside this helper: like the app's worker, the bench drops
  // them once the session holds its own copy (a live ArrayBuffer that size skews V8's GC).
  const { session, fetchMs, sessionMs } = await (async () => {
    const t0 = performance.now();
    const bytes = await fetchBytes(`${request.modelUrl}${VARIANT_FILES[request.variant]}`);
    const t1 = performance.now();
    const created = await createSession(bytes, request);
    return { session: created, fetchMs: t1 - t0, sessionMs: performance.now() - t1 };
  })();
  log(
    `session (${request.backend}, ${ort.env.wasm.numThreads} threads${request.spinning ? '' : ', no spinning'}): ${sessionMs.toFixed(0)} ms`,
  );
  const marks = stampRuns(session);
  const decoder = new KvCacheDecoder(session, shape, Tensor);
  const figures = await measureEngine(decoder, marks, request.plan, log);
  decoder.dispose();
  await session.release();
  return {
    kind: 'app',
    variant: request.variant,
    model: request.modelUrl.split('/').filter(Boolean).pop() ?? request.modelUrl,
    backend: request.backend,
    spinning: request.spinning,
    threadsAsked: request.threads,
    threadsUsed: ort.env.wasm.numThreads ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    fetchMs: Math.round(fetchMs),
    sessionMs: Math.round(sessionMs),
    runtimeFiles: runtimeFiles(),
    ...figures,
  };
}
