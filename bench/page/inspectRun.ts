/**
 * The inspection pass in the bench worker, as the app's worker runs it (src/worker/inspectHost.ts):
 * onnx/model_inspect.onnx on a WASM session of the app's plain build and options, then
 * runInspection, timed by bench/shared/inspectMeasure.ts.
 */
import { INSPECT_MODEL_FILE } from '../../src/engine/inspect';
import { parseModelConfig } from '../../src/engine/modelShape';
import { loadBuild, openSession } from '../../src/worker/ortBuilds';
import { measureInspection } from '../shared/inspectMeasure';
import type { BenchRequest, InspectRunResult } from '../shared/protocol';
import { fetchBytes } from './appRun';

type InspectRequest = Extract<BenchRequest, { kind: 'inspect' }>;

export async function runInspect(
  request: InspectRequest,
  log: (line: string) => void,
): Promise<InspectRunResult> {
  const configResponse = await fetch(`${request.modelUrl}config.json`);
  const shape = parseModelConfig(await configResponse.json());
  // Without cross-origin isolation WASM runs one thread, as in the app (ortWeb.ts).
  const threads = globalThis.crossOriginIsolated ? request.threads : 1;
  const { created, fetchMs, sessionMs } = await (async () => {
    const t0 = performance.now();
    const bytes = await fetchBytes(`${request.modelUrl}${INSPECT_MODEL_FILE}`);
    const t1 = performance.now();
    const ort = await loadBuild('plain', threads);
    const opened = await openSession(ort, bytes, 'wasm', shape);
    return { created: opened, fetchMs: t1 - t0, sessionMs: performance.now() - t1 };
  })();
  log(`inspect: session (wasm, ${created.threads} threads) ${sessionMs.toFixed(0)} ms`);
  try {
    const figures = await measureInspection(
      created.session,
      created.Tensor,
      shape,
      request.plan,
      log,
    );
    return {
      kind: 'inspect',
      runtime: 'wasm',
      threads: created.threads,
      fetchMs: Math.round(fetchMs),
      sessionMs: Math.round(sessionMs),
      figures,
    };
  } finally {
    await created.session.release();
  }
}
