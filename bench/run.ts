/**
 * `npm run bench [-- --quick] [-- --only=wasm,node,tjs,webgpu,ui]`: the app's engine in headless
 * Chromium (module worker, the app's ort-web set-up, WASM 1 and 2 threads, WebGPU when a hardware
 * adapter exists) side by side with onnxruntime-node, the naive no-cache loop, transformers.js and
 * the real app page. Writes a table to stdout and bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppRunResult, BenchRequest, MeasurePlan } from './shared/protocol';
import { BENCH_PAGE, launchBrowser, openBenchPage, type BenchPage } from './lib/browser';
import { currentLoad, machineInfo } from './lib/machine';
import { runNode, type NodeRunResult } from './lib/node';
import { contenderName, enginePlanFor, makePlan } from './lib/plan';
import { computeRatios, type BenchResults, type Outcome } from './lib/results';
import { computeTargets } from './lib/targets';
import { attempt, elapsedS, ensureModel, loadAtStart, log, parseOnly, q8Status } from './lib/setup';
import { startServer, withPreview } from './lib/server';
import { formatReport } from './lib/table';
import { measureUi } from './lib/ui';
import { measureRevisits } from './lib/uiRevisit';
import { traceUi } from './lib/uiTrace';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MODEL = 'gpt2-shaped';
const TJS_ORT = '/node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist/';
const NOT_RUN = { ok: false, error: 'not run' } as const;

type AppRequest = Extract<BenchRequest, { kind: 'app' }>;

async function runApp(bench: BenchPage, request: AppRequest): Promise<AppRunResult> {
  const result = await bench.run(request);
  if (result.kind !== 'app') throw new Error(`unexpected ${result.kind} result`);
  return result;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = parseOnly(process.argv);
  const plan = makePlan(quick);
  const modelDir = ensureModel(MODEL);
  ensureModel('tiny-gpt2');
  const machine = machineInfo(ROOT);
  const { server, origin } = await startServer(ROOT);
  const browser = await launchBrowser();
  machine.chromium = browser.version();
  log(`dev server ${origin}, Chromium ${machine.chromium}, ${quick ? 'quick' : 'full'} run`);
  const results: BenchResults = {
    quick,
    model: MODEL,
    machine,
    page: { url: `${origin}${BENCH_PAGE}`, crossOriginIsolated: false, probe: null },
    webgpu: { status: 'not run' },
    q8: q8Status(modelDir, MODEL),
    wasm: [],
    node: [],
    tjs: NOT_RUN,
    ui: NOT_RUN,
    uiOneThread: NOT_RUN,
    uiRevisits: NOT_RUN,
    uiTrace: NOT_RUN,
    ratios: {},
    targets: [],
    elapsedS: 0,
  };
  try {
    const bench = await openBenchPage(browser, origin, log);
    const probe = await bench.run({ kind: 'probe' });
    const adapter = probe.kind === 'probe' ? probe.adapter : null;
    results.page.crossOriginIsolated = bench.crossOriginIsolated;
    results.page.probe = probe.kind === 'probe' ? probe : null;
    log(`crossOriginIsolated ${bench.crossOriginIsolated}; adapter ${JSON.stringify(adapter)}`);
    const modelUrl = `/models/${MODEL}/`;

    for (const c of plan.contenders.filter((x) => x.runtime === 'wasm' && only('wasm'))) {
      const { threads, variant, build } = c;
      const request = {
        kind: 'app',
        backend: 'wasm',
        threads,
        modelUrl,
        variant,
        build,
      } as const;
      results.wasm.push(
        await attempt(contenderName(c), () =>
          runApp(bench, { ...request, plan: enginePlanFor(plan, c) }),
        ),
      );
    }

    if (only('webgpu')) {
      results.webgpu.status = adapter
        ? `${adapter.fallback ? 'software (fallback) adapter' : 'hardware adapter'}: ${adapter.architecture || '?'}, vendor ${adapter.vendor || '?'}`
        : 'no WebGPU adapter (requestAdapter() returned null)';
      const app = (model: string, backend: 'wasm' | 'webgpu', p: MeasurePlan) =>
        attempt(`${backend} ${model}`, () =>
          runApp(bench, {
            kind: 'app',
            backend,
            threads: 2,
            modelUrl: `/models/${model}/`,
            // The file the app reads on each backend (forBackend in src/engine/modelCatalog.ts):
            // on WebGPU the Hub interface, whose cache stays on the GPU.
            variant: backend === 'webgpu' ? 'hf' : 'slots',
            plan: p,
          }),
        );
      if (adapter && !adapter.fallback) {
        const result = await app(MODEL, 'webgpu', plan.engine);
        if (result.ok) results.webgpu.result = result.value;
        else results.webgpu.status += `; failed: ${result.error}`;
      } else if (adapter && plan.webgpuTinySteps > 0) {
        // ~300× slower than WASM on gpt2-shaped: only tiny-gpt2, a few steps, labelled as such.
        results.webgpu.status += `; not benched on ${MODEL}, only tiny-gpt2 (${plan.webgpuTinySteps} steps)`;
        const tiny: MeasurePlan = {
          prefill: [16],
          contexts: [16],
          decodeSteps: plan.webgpuTinySteps,
          rounds: 1,
          prefillRepeats: 1,
          // One warm-up step on the software adapter (seconds each); WASM settles as usual.
          warmup: { minMs: 0, maxMs: 0 },
          naiveContexts: [],
          naiveSteps: 0,
        };
        results.webgpu.tiny = {
          webgpu: await app('tiny-gpt2', 'webgpu', tiny),
          wasm: await app('tiny-gpt2', 'wasm', {
            ...tiny,
            warmup: { minMs: 5000, maxMs: 15_000 },
          }),
        };
      } else if (adapter) results.webgpu.status += '; not benched (software adapter, --quick)';
    }

    if (only('tjs')) {
      results.tjs = await attempt('transformers.js', async () => {
        const result = await bench.run({
          kind: 'tjs',
          threads: 2,
          localModelPath: '/models/',
          modelId: MODEL,
          wasmPrefix: TJS_ORT,
          ...plan.tjs,
        });
        if (result.kind !== 'tjs') throw new Error(`unexpected ${result.kind} result`);
        return result;
      });
    }
    await bench.page.close();

    for (const c of plan.contenders.filter((x) => x.runtime !== 'wasm' && only('node'))) {
      const runtime = c.runtime === 'node-wasm' ? 'wasm' : 'native';
      const result: Outcome<NodeRunResult> = await attempt(contenderName(c), () =>
        runNode(modelDir, runtime, c, enginePlanFor(plan, c), log),
      );
      results.node.push(result);
    }

    if (only('ui')) {
      log('app page (tiny-gpt2) from the production build (vite build + vite preview)…');
      results.ui = await attempt('UI', () =>
        withPreview(ROOT, {}, (origin) => measureUi(browser, origin, plan.ui.steps)),
      );
      if (plan.ui.trace) {
        log('again without cross-origin isolation (the worker then runs one WASM thread)…');
        results.uiOneThread = await attempt('UI (1 thread)', () =>
          withPreview(ROOT, { isolated: false }, (origin) =>
            measureUi(browser, origin, plan.ui.steps),
          ),
        );
        log('second run, traced, on an unminified build…');
        results.uiTrace = await attempt('UI trace', () =>
          withPreview(ROOT, { minify: false }, (origin) => traceUi(browser, origin, plan.ui.steps)),
        );
        log('three visits in one browser profile (what Chromium keeps between visits)…');
        results.uiRevisits = await attempt('UI revisits', () =>
          withPreview(ROOT, {}, (origin) => measureRevisits(origin, plan.ui.steps)),
        );
      }
    }

    machine.loadAverageEnd = currentLoad();
    machine.loadAtStart = loadAtStart;
    results.ratios = computeRatios(results);
    results.targets = computeTargets(results);
    results.elapsedS = elapsedS();
    writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${formatReport(results)}\n\nwritten bench/results.json (${results.elapsedS} s)`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
