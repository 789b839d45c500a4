/**
 * The batched beam step against a greedy step in the bench worker (bench/shared/beamMeasure.ts):
 * the slots file, then the Hub-interface file, each on a WASM session of the app's plain build
 * and options, as the app runs them; one session open at a time.
 */
import { KvCacheDecoder } from '../../src/engine/decoder';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../../src/engine/modelCatalog';
import { parseModelConfig, type ModelShape } from '../../src/engine/modelShape';
import { loadBuild, openSession } from '../../src/worker/ortBuilds';
import { measureBeamStep } from '../shared/beamMeasure';
import type { BeamRunResult, BenchRequest } from '../shared/protocol';
import { fetchBytes } from './appRun';

type BeamRequest = Extract<BenchRequest, { kind: 'beam' }>;

export async function runBeam(
  request: BeamRequest,
  log: (line: string) => void,
): Promise<BeamRunResult> {
  const configResponse = await fetch(`${request.modelUrl}config.json`);
  const shape = parseModelConfig(await configResponse.json());
  const slots = await measureFile(request, shape, SLOTS_MODEL_FILE, log);
  const hub = await measureFile(request, shape, HF_MODEL_FILE, log);
  return {
    kind: 'beam',
    runtime: 'wasm',
    threads: slots.threads,
    sessionMs: slots.sessionMs,
    figures: slots.figures,
    hub: hub.figures,
  };
}

/** The three steps on one of the model's files, its session released afterwards. */
async function measureFile(
  request: BeamRequest,
  shape: ModelShape,
  file: string,
  log: (line: string) => void,
) {
  // Without cross-origin isolation WASM runs one thread, as in the app (ortWeb.ts).
  const threads = globalThis.crossOriginIsolated ? request.threads : 1;
  // The model's bytes stay inside this helper, dropped once the session holds its own copy.
  const { created, sessionMs } = await (async () => {
    const bytes = await fetchBytes(`${request.modelUrl}${file}`);
    const t0 = performance.now();
    const ort = await loadBuild('plain', threads);
    const opened = await openSession(ort, bytes, 'wasm', shape);
    return { created: opened, sessionMs: performance.now() - t0 };
  })();
  log(`beam: ${file} session (wasm, ${created.threads} threads) ${sessionMs.toFixed(0)} ms`);
  const decoder = new KvCacheDecoder(created.session, shape, created.Tensor);
  try {
    const figures = await measureBeamStep(decoder, request.plan, log);
    return { threads: created.threads, sessionMs: Math.round(sessionMs), figures };
  } finally {
    decoder.dispose();
    await created.session.release();
  }
}
