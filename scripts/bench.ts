/**
 * `npm run bench [-- --quick]`: the app's engine in headless Chromium (module worker, the app's
 * ort-web set-up, WASM 1 and 2 threads, WebGPU when a hardware adapter exists) side by side with
 * onnxruntime-node, the naive no-cache loop, transformers.js and the real app page.
 * Writes a table to stdout and bench/results.json.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppRunResult } from '../bench/protocol';
import { launchBrowser, openBenchPage, type BenchPage } from './benchLib/browser';
import { currentLoad, machineInfo } from './benchLib/machine';
import { runNode, type NodeRunResult } from './benchLib/node';
import { enginePlanFor, makePlan } from './benchLib/plan';
import { computeRatios, computeTargets, type BenchResults, type Outcome } from './benchLib/results';
import { startPreview, startServer } from './benchLib/server';
import { formatReport } from './benchLib/table';
import { measureUi } from './benchLib/ui';
import { DEFAULT_MODELS_DIR, STAMP_FILE, modelStamp, writeModel } from './makeModel';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MODEL = 'gpt2-shaped';
const TJS_ORT = '/node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist/';
const started = performance.now();
const log = (line: string): void =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

function ensureModel(): string {
  const dir = join(DEFAULT_MODELS_DIR, MODEL);
  const stamp = join(dir, STAMP_FILE);
  const current = existsSync(stamp) && readFileSync(stamp, 'utf8') === modelStamp(MODEL);
  if (!current || !existsSync(join(dir, 'onnx', 'model.onnx'))) {
    log(`writing ${MODEL} (~500 MB)…`);
    writeModel(MODEL);
  }
  return dir;
}

function q8Status(dir: string): string {
  const files = readdirSync(join(dir, 'onnx'));
  const q8 = files.filter((f) => /quant|q8|int8|uint8/i.test(f));
  return q8.length === 0
    ? `skipped: no q8 file in ${MODEL}/onnx (only ${files.join(', ')})`
    : `not measured: found ${q8.join(', ')}, the bench only times fp32`;
}

async function attempt<T>(what: string, work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${what} failed: ${message}`);
    return { ok: false, error: message };
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const plan = makePlan(quick);
  const modelDir = ensureModel();
  const machine = machineInfo(ROOT);
  const { server, origin } = await startServer(ROOT);
  const browser = await launchBrowser();
  machine.chromium = browser.version();
  log(`dev server ${origin}, Chromium ${machine.chromium}, ${quick ? 'quick' : 'full'} run`);
  try {
    const bench: BenchPage = await openBenchPage(browser, origin, log);
    const probe = await bench.run({ kind: 'probe' });
    const probeResult = probe.kind === 'probe' ? probe : null;
    log(
      `crossOriginIsolated ${bench.crossOriginIsolated}; adapter ${JSON.stringify(probeResult?.adapter)}`,
    );
    const modelUrl = `/models/${MODEL}/`;

    const wasm: Outcome<AppRunResult>[] = [];
    for (const threads of plan.threads) {
      wasm.push(
        await attempt(`wasm ${threads}t`, async () => {
          const result = await bench.run({
            kind: 'app',
            backend: 'wasm',
            threads,
            modelUrl,
            plan: enginePlanFor(plan, threads),
          });
          if (result.kind !== 'app') throw new Error(`unexpected ${result.kind} result`);
          return result;
        }),
      );
    }

    const adapter = probeResult?.adapter ?? null;
    let webgpu: BenchResults['webgpu'] = {
      status: adapter
        ? `skipped: software adapter (${adapter.architecture || 'fallback'}, vendor ${adapter.vendor || '?'})`
        : 'skipped: no WebGPU adapter',
    };
    if (adapter && !adapter.fallback) {
      const result = await attempt('webgpu', () =>
        bench.run({ kind: 'app', backend: 'webgpu', threads: 2, modelUrl, plan: plan.engine }),
      );
      webgpu =
        result.ok && result.value.kind === 'app'
          ? { status: `ran on ${adapter.vendor} ${adapter.architecture}`, result: result.value }
          : { status: `failed: ${result.ok ? 'bad result' : result.error}` };
    }

    const tjs = await attempt('transformers.js', async () => {
      const result = await bench.run({
        kind: 'tjs',
        threads: 2,
        localModelPath: '/models/',
        modelId: MODEL,
        wasmPrefix: TJS_ORT,
        ...plan.tjs,
        repeats: plan.tjs.repeats,
      });
      if (result.kind !== 'tjs') throw new Error(`unexpected ${result.kind} result`);
      return result;
    });
    await bench.page.close();

    const node: Outcome<NodeRunResult>[] = [];
    for (const threads of plan.threads) {
      node.push(
        await attempt(`node ${threads}t`, () =>
          runNode(modelDir, threads, enginePlanFor(plan, threads), log),
        ),
      );
    }

    log('app page (tiny-gpt2) in Chromium…');
    const ui = await attempt('UI', () => measureUi(browser, origin, plan.ui.steps));
    let uiBuild: BenchResults['uiBuild'] = { ok: false, error: 'not run with --quick' };
    if (!quick) {
      log('app page from the production build (vite build + preview)…');
      uiBuild = await attempt('UI (build)', async () => {
        const previewServer = await startPreview(ROOT);
        try {
          return await measureUi(browser, previewServer.origin, plan.ui.steps);
        } finally {
          await previewServer.close();
        }
      });
    }

    machine.loadAverageEnd = currentLoad();
    const results: BenchResults = {
      quick,
      model: MODEL,
      machine,
      page: {
        url: `${origin}/bench/index.html`,
        crossOriginIsolated: bench.crossOriginIsolated,
        probe: probeResult,
      },
      webgpu,
      q8: q8Status(modelDir),
      wasm,
      node,
      tjs,
      ui,
      uiBuild,
      ratios: {},
      targets: [],
      elapsedS: 0,
    };
    results.ratios = computeRatios(results);
    results.targets = computeTargets(results);
    results.elapsedS = Math.round((performance.now() - started) / 1000);
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
