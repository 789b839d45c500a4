/**
 * The app's own engine in the bench worker: the app's ort-web set-up (createWebSession from
 * src/worker/ortWeb.ts), KvCacheDecoder and Generation, measured by measure.ts.
 */
import * as ort from 'onnxruntime-web';
import { KvCacheDecoder } from '../src/engine/decoder';
import { parseModelConfig } from '../src/engine/modelShape';
import { createWebSession, Tensor } from '../src/worker/ortWeb';
import { measureEngine } from './measure';
import type { AppRunResult, BenchRequest } from './protocol';

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
  const configResponse = await fetch(`${request.modelUrl}config.json`);
  const shape = parseModelConfig(await configResponse.json());
  const t0 = performance.now();
  const bytes = await fetchBytes(`${request.modelUrl}onnx/model.onnx`);
  const fetchMs = performance.now() - t0;
  const t1 = performance.now();
  const { session } = await createWebSession(bytes, request.backend);
  const sessionMs = performance.now() - t1;
  log(
    `session (${request.backend}, ${ort.env.wasm.numThreads} threads): ${sessionMs.toFixed(0)} ms`,
  );
  const decoder = new KvCacheDecoder(session, shape, Tensor);
  const figures = await measureEngine(decoder, request.plan, log);
  decoder.dispose();
  await session.release();
  return {
    kind: 'app',
    backend: request.backend,
    threadsAsked: request.threads,
    threadsUsed: ort.env.wasm.numThreads ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    fetchMs: Math.round(fetchMs),
    sessionMs: Math.round(sessionMs),
    ...figures,
  };
}
