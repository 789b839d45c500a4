/**
 * The parts of `npm run bench` that run in the bench page (bench/page): the app's engine on WASM
 * per contender, on WebGPU, and transformers.js. Each fills its part of the results; a part that
 * fails leaves its error there and the others run on.
 */
import type { AdapterReport } from '../../src/worker/protocol';
import type { Browser } from '@playwright/test';
import type { AppRunResult, BenchRequest, BuildRunResult, MeasurePlan } from '../shared/protocol';
import { openBenchPage, type BenchPage } from './browser';
import { contenderName, enginePlanFor, tinyWebgpuPlans, type BenchPlan } from './plan';
import { aliveMemory, newPids, pickPeak, rendererPids } from './rendererMemory';
import type { BenchResults } from './results';
import { attempt } from './setup';

/** transformers.js's own onnxruntime-web files, served by the dev server. */
const TJS_ORT = '/node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist/';

type AppRequest = Extract<BenchRequest, { kind: 'app' }>;

async function runApp(bench: BenchPage, request: AppRequest): Promise<AppRunResult> {
  const result = await bench.run(request);
  if (result.kind !== 'app') throw new Error(`unexpected ${result.kind} result`);
  return result;
}

/** The page's probe: isolation, the WebGPU adapter, the JS probes. Returns the adapter. */
export async function probePage(
  bench: BenchPage,
  results: BenchResults,
  log: (line: string) => void,
): Promise<AdapterReport | null> {
  const probe = await bench.run({ kind: 'probe' });
  if (probe.kind !== 'probe') throw new Error(`unexpected ${probe.kind} result`);
  results.page.crossOriginIsolated = bench.crossOriginIsolated;
  results.page.probe = probe;
  log(`crossOriginIsolated ${bench.crossOriginIsolated}; adapter ${JSON.stringify(probe.adapter)}`);
  return probe.adapter;
}

/** Each Chromium WASM contender of the plan, on the bench's model. */
export async function benchWasm(
  bench: BenchPage,
  plan: BenchPlan,
  model: string,
  results: BenchResults,
): Promise<void> {
  for (const c of plan.contenders.filter((x) => x.runtime === 'wasm')) {
    const { threads, variant, build } = c;
    const request: AppRequest = {
      kind: 'app',
      backend: 'wasm',
      threads,
      modelUrl: `/models/${model}/`,
      variant,
      build,
      plan: enginePlanFor(plan, c),
    };
    results.wasm.push(await attempt(contenderName(c), () => runApp(bench, request)));
  }
}

/** What the probe found: a hardware adapter, a software one, or none. */
export function adapterStatus(adapter: AdapterReport | null): string {
  if (!adapter) return 'no WebGPU adapter (requestAdapter() returned null)';
  const kind = adapter.fallback ? 'software (fallback) adapter' : 'hardware adapter';
  return `${kind}: ${adapter.architecture || '?'}, vendor ${adapter.vendor || '?'}`;
}

/**
 * The app's engine on WebGPU: the bench's model on a hardware adapter; on a software one (far
 * slower than WASM) only tiny-gpt2, a few steps, beside WASM on the same plan, and not in --quick.
 */
export async function benchWebgpu(
  bench: BenchPage,
  adapter: AdapterReport | null,
  plan: BenchPlan,
  model: string,
  results: BenchResults,
): Promise<void> {
  const webgpu: BenchResults['webgpu'] = { status: adapterStatus(adapter) };
  results.webgpu = webgpu;
  const app = (name: string, backend: 'wasm' | 'webgpu', p: MeasurePlan) =>
    attempt(`${backend} ${name}`, () =>
      runApp(bench, {
        kind: 'app',
        backend,
        threads: 2,
        modelUrl: `/models/${name}/`,
        // The file the app reads on each backend (forBackend in src/engine/modelCatalog.ts):
        // on WebGPU the Hub interface, whose cache stays on the GPU.
        variant: backend === 'webgpu' ? 'hf' : 'slots',
        plan: p,
      }),
    );
  if (!adapter) return;
  if (!adapter.fallback) {
    const result = await app(model, 'webgpu', plan.engine);
    if (result.ok) webgpu.result = result.value;
    else webgpu.status += `; failed: ${result.error}`;
  } else if (plan.webgpuTinySteps > 0) {
    webgpu.status += `; not benched on ${model}, only tiny-gpt2 (${plan.webgpuTinySteps} steps)`;
    const tiny = tinyWebgpuPlans(plan.webgpuTinySteps);
    webgpu.tiny = {
      webgpu: await app('tiny-gpt2', 'webgpu', tiny.webgpu),
      wasm: await app('tiny-gpt2', 'wasm', tiny.wasm),
    };
  } else webgpu.status += '; not benched (software adapter, --quick)';
}

/** transformers.js on the bench's model, 2 threads, its own onnxruntime-web. */
export async function benchTransformersJs(
  bench: BenchPage,
  plan: BenchPlan,
  model: string,
  results: BenchResults,
): Promise<void> {
  results.tjs = await attempt('transformers.js', async () => {
    const result = await bench.run({
      kind: 'tjs',
      threads: 2,
      localModelPath: '/models/',
      modelId: model,
      wasmPrefix: TJS_ORT,
      ...plan.tjs,
    });
    if (result.kind !== 'tjs') throw new Error(`unexpected ${result.kind} result`);
    return result;
  });
}

/** The inspection pass on the bench's model, WASM 2 threads, in a fresh worker of the page. */
export async function benchInspect(
  bench: BenchPage,
  plan: BenchPlan,
  model: string,
  results: BenchResults,
): Promise<void> {
  results.inspect.wasm = await attempt('inspect wasm 2t', async () => {
    const modelUrl = `/models/${model}/`;
    const result = await bench.run({ kind: 'inspect', threads: 2, modelUrl, plan: plan.inspect });
    if (result.kind !== 'inspect') throw new Error(`unexpected ${result.kind} result`);
    return result;
  });
}

/**
 * The browser's build from model.safetensors (`weightsUrl`), in a page of its own so that its
 * renderer process (found as the one that appeared with the page) holds nothing else: its VmHWM
 * is the build's peak, its RSS before the request the page's own.
 */
export async function benchBuildInPage(
  browser: Browser,
  origin: string,
  model: string,
  weightsUrl: string,
  results: BenchResults,
  log: (line: string) => void,
): Promise<void> {
  results.build.wasm = await attempt('build in Chromium', async () => {
    const before = await rendererPids(browser);
    const bench = await openBenchPage(browser, origin, log);
    try {
      const pids = newPids(before, await rendererPids(browser));
      const baselines = new Map(aliveMemory(pids).map((m) => [m.pid, m.rssBytes]));
      const result = await bench.run({ kind: 'build', modelUrl: `/models/${model}/`, weightsUrl });
      if (result.kind !== 'build') throw new Error(`unexpected ${result.kind} result`);
      const peak = pickPeak(aliveMemory(pids));
      const memory: BuildRunResult['memory'] = peak
        ? {
            baselineBytes: baselines.get(peak.pid) ?? null,
            peakBytes: peak.peakBytes,
            how: `VmHWM of the page's renderer process (/proc, pid from SystemInfo.getProcessInfo; ${pids.length} new renderer(s)); baseline: its VmRSS before the request`,
          }
        : { baselineBytes: null, peakBytes: null, how: 'no renderer process of the page found' };
      return { ...result, memory };
    } finally {
      await bench.page.close();
    }
  });
}
