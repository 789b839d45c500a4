/**
 * The parts of `npm run bench` that run in the bench page (bench/page): the app's engine on WASM
 * per contender, on WebGPU, and transformers.js. Each fills its part of the results; a part that
 * fails leaves its error there and the others run on.
 */
import type { AdapterReport } from '../../src/worker/protocol';
import type { AppRunResult, BenchRequest, MeasurePlan } from '../shared/protocol';
import type { BenchPage } from './browser';
import { contenderName, enginePlanFor, tinyWebgpuPlans, type BenchPlan } from './plan';
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
