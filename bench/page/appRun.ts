/**
 * The app's own engine in the bench worker: the app's onnxruntime-web builds and session options
 * (src/worker/ortBuilds.ts), KvCacheDecoder and Generation, measured by measure.ts.
 */
import { KvCacheDecoder } from '../../src/engine/decoder';
import { parseModelConfig, type ModelShape } from '../../src/engine/modelShape';
import type { CreatedSession } from '../../src/worker/hostDeps';
import { BUILD_FOR, loadBuild, openSession } from '../../src/worker/ortBuilds';
import { measureEngine, stampRuns } from '../shared/measure';
import { runtimeFiles } from '../shared/probes';
import {
  VARIANT_FILES,
  type AppRunResult,
  type BenchRequest,
  type RuntimeBuild,
} from '../shared/protocol';

type AppRequest = Extract<BenchRequest, { kind: 'app' }>;

/**
 * A session as the app's worker opens one (ortBuilds.ts: its builds and session options), on the
 * build and thread count the request names. Without cross-origin isolation (no
 * SharedArrayBuffer) WASM runs one thread, as the app's wasmThreads() in ortWeb.ts decides.
 */
async function openAppSession(
  request: AppRequest,
  build: RuntimeBuild,
  bytes: Uint8Array,
  shape: ModelShape,
): Promise<CreatedSession> {
  const threads = globalThis.crossOriginIsolated ? request.threads : 1;
  const ort = await loadBuild(build, threads);
  return openSession(ort, bytes, request.backend, shape);
}

export async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function runApp(
  request: AppRequest,
  log: (line: string) => void,
): Promise<AppRunResult> {
  const build = request.build ?? BUILD_FOR[request.backend];
  const configResponse = await fetch(`${request.modelUrl}config.json`);
  const shape = parseModelConfig(await configResponse.json());
  // The 500 MB of model bytes stay inside this helper: like the app's worker, the bench drops
  // them once the session holds its own copy (a live ArrayBuffer that size skews V8's GC).
  const { created, fetchMs, sessionMs } = await (async () => {
    const t0 = performance.now();
    const bytes = await fetchBytes(`${request.modelUrl}${VARIANT_FILES[request.variant]}`);
    const t1 = performance.now();
    const opened = await openAppSession(request, build, bytes, shape);
    return { created: opened, fetchMs: t1 - t0, sessionMs: performance.now() - t1 };
  })();
  const { session, Tensor, threads } = created;
  log(
    `session (${request.backend}, ${build} build, ${threads} threads): ${sessionMs.toFixed(0)} ms`,
  );
  const marks = stampRuns(session);
  const decoder = new KvCacheDecoder(session, shape, Tensor);
  const figures = await measureEngine(decoder, marks, request.plan, log);
  decoder.dispose();
  await session.release();
  return {
    kind: 'app',
    variant: request.variant,
    build,
    model: request.modelUrl.split('/').filter(Boolean).pop() ?? request.modelUrl,
    backend: request.backend,
    threadsAsked: request.threads,
    threadsUsed: threads,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    fetchMs: Math.round(fetchMs),
    sessionMs: Math.round(sessionMs),
    runtimeFiles: runtimeFiles(),
    ...figures,
  };
}
