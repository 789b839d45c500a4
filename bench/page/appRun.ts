/**
 * The app's own engine in the bench worker: the app's ort-web set-up (createWebSession from
 * src/worker/ortWeb.ts), KvCacheDecoder and Generation, measured by measure.ts.
 */
import { KvCacheDecoder } from '../../src/engine/decoder';
import { parseModelConfig } from '../../src/engine/modelShape';
import { BUILD_FOR, createWebSession } from '../../src/worker/ortWeb';
import { measureEngine, stampRuns } from '../shared/measure';
import {
  runtimeFiles,
  VARIANT_FILES,
  type AppRunResult,
  type BenchRequest,
} from '../shared/protocol';

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
  const build = request.build ?? BUILD_FOR[request.backend];
  const configResponse = await fetch(`${request.modelUrl}config.json`);
  const shape = parseModelConfig(await configResponse.json());
  // The 500 MB of model bytes stay inside this helper: like the app's worker, the bench drops
  // them once the session holds its own copy (a live ArrayBuffer that size skews V8's GC).
  const { created, fetchMs, sessionMs } = await (async () => {
    const t0 = performance.now();
    const bytes = await fetchBytes(`${request.modelUrl}${VARIANT_FILES[request.variant]}`);
    const t1 = performance.now();
    const opened = await createWebSession(bytes, request.backend, shape, { build });
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
