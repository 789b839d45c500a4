/**
 * The browser's build of the app's files in the bench worker: model.safetensors fetched from
 * the dev server, then parsed and built by bench/shared/buildMeasure.ts. Its peak memory is read
 * from outside, by the driver (the renderer process's VmHWM, bench/lib/rendererMemory.ts); here
 * only which memory APIs a worker offers is noted.
 */
import { parseModelConfig } from '../../src/engine/modelShape';
import { measureBuild } from '../shared/buildMeasure';
import type { BenchRequest, BuildRunResult } from '../shared/protocol';
import { fetchBytes } from './appRun';

type BuildRequest = Extract<BenchRequest, { kind: 'build' }>;

/** Which memory APIs this worker has: Chromium's performance.memory, the standard one. */
function memoryApis(): string {
  const perf = performance as Performance & {
    memory?: { usedJSHeapSize: number };
    measureUserAgentSpecificMemory?: unknown;
  };
  const heap = perf.memory
    ? `performance.memory present (usedJSHeapSize ${perf.memory.usedJSHeapSize} B, the JS heap only)`
    : 'no performance.memory';
  const standard =
    typeof perf.measureUserAgentSpecificMemory === 'function'
      ? 'measureUserAgentSpecificMemory present'
      : 'no measureUserAgentSpecificMemory';
  return `${heap}; ${standard} in a dedicated worker`;
}

export async function runBuild(
  request: BuildRequest,
  log: (line: string) => void,
): Promise<BuildRunResult> {
  const configResponse = await fetch(`${request.modelUrl}config.json`);
  const shape = parseModelConfig(await configResponse.json());
  const figures = await measureBuild(() => fetchBytes(request.weightsUrl), shape, log);
  return {
    kind: 'build',
    runtime: 'wasm',
    ...figures,
    memory: { baselineBytes: null, peakBytes: null, how: 'not readable inside the worker' },
    workerMemoryApis: memoryApis(),
  };
}
