/**
 * `npm run bench [-- --quick] [-- --only=wasm,node,tjs,webgpu,ui,pagestep,inspect,build,spec,beam,llama,longctx]`:
 * the app's engine in headless Chromium (module worker, the app's ort-web set-up, WASM 1 and 2
 * threads, WebGPU when a hardware adapter exists) side by side with onnxruntime-node, the naive
 * no-cache loop, transformers.js and the real app page; the inspection pass and the browser's build of the
 * app's files, on Node and in Chromium; speculative against greedy decoding on Node; a batched
 * beam step against a greedy step, in Chromium and on Node; a 0.5B-class model's steps and
 * memory; with --only=longctx, a long context's step per cache layout. Writes a table to stdout
 * and bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import { beamInPage, beamOnNode, beamPlan } from './lib/beamBench';
import { benchLlamaShaped } from './lib/llamaBench';
import { benchLongContext } from './lib/longContext';
import { ensureQwenShaped, QWEN_SHAPED } from '../scripts/makeQwenShaped';
import { BENCH_PAGE, launchBrowser, openBenchPage } from './lib/browser';
import { ensureSafetensors, runBuildChild, WEIGHTS_FILE, WEIGHTS_SUBDIR } from './lib/buildNode';
import { runMain } from './lib/cli';
import { runInspectNode } from './lib/inspectNode';
import { currentLoad, machineInfo } from './lib/machine';
import { runNode } from './lib/node';
import { measurePair } from './lib/speculativeNode';
import { SLOTS_MODEL_FILE, SLOTS_Q8_FILE } from '../src/engine/modelCatalog';
import type { WritableName } from '../scripts/makeModel';
import {
  benchBuildInPage,
  benchInspect,
  benchTransformersJs,
  benchWasm,
  benchWebgpu,
  probePage,
} from './lib/pageStages';
import { contenderName, enginePlanFor, makePlan, type BenchPlan } from './lib/plan';
import { computeRatios } from './lib/ratios';
import { emptyResults, type BenchResults } from './lib/results';
import { parseRunArgs, RUN_USAGE, type Part } from './lib/runArgs';
import { startServer, withPreview } from './lib/server';
import {
  attempt,
  elapsedS,
  ensureModel,
  loadAtStart,
  log,
  modelFolder,
  q8Status,
} from './lib/setup';
import { formatReport } from './lib/table';
import { computeTargets } from './lib/targets';
import { measureUi } from './lib/ui';
import { measureInPageStep } from './lib/uiStep';
import { measureRevisits } from './lib/uiRevisit';
import { traceUi } from './lib/uiTrace';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MODEL = 'gpt2-shaped';
const RESULTS_FILE = join(ROOT, 'bench', 'results.json');
const MODELS_DIR = join(ROOT, 'public', 'models');
/** The parts that read the bench's model. */
const ENGINE_PARTS: Part[] = [
  'wasm',
  'node',
  'tjs',
  'webgpu',
  'pagestep',
  'inspect',
  'build',
  'beam',
  'longctx',
];

/** What every stage reads: the plan, the parts asked for, the browser and the dev server. */
interface Run {
  plan: BenchPlan;
  /** The bench's model folder (written when a part reads it). */
  modelDir: string;
  only: (part: Part) => boolean;
  browser: Browser;
  origin: string;
  results: BenchResults;
}

/**
 * The model folders the chosen parts read, written when missing or stale: tiny-gpt2 always (the
 * UI and WebGPU's software-adapter runs), the bench's model for any engine part. Returns the q8
 * check of the bench's model.
 */
function prepareModels(only: (part: Part) => boolean): string {
  ensureModel('tiny-gpt2');
  if (!ENGINE_PARTS.some(only)) return 'not checked (no engine part in this run)';
  return q8Status(ensureModel(MODEL), MODEL);
}

/** The bench page in the dev server: its probe, then the app's engine and transformers.js. */
async function benchInPage({ plan, only, browser, origin, results }: Run): Promise<void> {
  const bench = await openBenchPage(browser, origin, log);
  try {
    const adapter = await probePage(bench, results, log);
    if (only('wasm')) await benchWasm(bench, plan, MODEL, results);
    if (only('webgpu')) await benchWebgpu(bench, adapter, plan, MODEL, results);
    if (only('tjs')) await benchTransformersJs(bench, plan, MODEL, results);
    if (only('inspect')) await benchInspect(bench, plan, MODEL, results);
    if (only('beam')) {
      results.beam.wasm = await attempt('beam wasm 2t', () =>
        beamInPage(bench, MODEL, beamPlan(plan.quick)),
      );
    }
  } finally {
    await bench.page.close();
  }
}

/** onnxruntime-node (native) and onnxruntime-web's WASM in Node, per contender. */
async function benchNode({ plan, only, modelDir, results }: Run): Promise<void> {
  if (!only('node')) return;
  for (const c of plan.contenders.filter((x) => x.runtime !== 'wasm')) {
    const runtime = c.runtime === 'node-wasm' ? 'wasm' : 'native';
    results.node.push(
      await attempt(contenderName(c), () =>
        runNode(modelDir, runtime, c, enginePlanFor(plan, c), log),
      ),
    );
  }
}

/** The inspection pass on onnxruntime-node, 2 threads (its page side runs in benchInPage). */
async function inspectNode({ plan, only, modelDir, results }: Run): Promise<void> {
  if (!only('inspect')) return;
  results.inspect.node = await attempt('inspect node 2t', () =>
    runInspectNode(modelDir, 2, plan.inspect, log),
  );
}

/**
 * The browser's build of the app's files from the model's weights as model.safetensors (written
 * once, beside the model): in a Node child process, then in a bench page of its own.
 */
async function benchBuild({ only, modelDir, browser, origin, results }: Run): Promise<void> {
  if (!only('build')) return;
  const weights = ensureSafetensors(modelDir, MODEL, log);
  log('build in a Node child process…');
  results.build.node = await attempt('build node', () =>
    runBuildChild(ROOT, modelDir, weights, log),
  );
  log('build in the bench page…');
  const weightsUrl = `/models/${MODEL}/${WEIGHTS_SUBDIR}/${WEIGHTS_FILE}`;
  await benchBuildInPage(browser, origin, MODEL, weightsUrl, results, log);
}

/**
 * The app page (tiny-gpt2) from the production build; in a full run also without cross-origin
 * isolation, traced on an unminified build, and revisited in one browser profile.
 */
async function benchUi({ plan, only, browser, results }: Run): Promise<void> {
  if (!only('ui')) return;
  const { steps, trace } = plan.ui;
  log('app page (tiny-gpt2) from the production build (vite build + vite preview)…');
  results.ui = await attempt('UI', () =>
    withPreview(ROOT, {}, (origin) => measureUi(browser, origin, steps)),
  );
  if (!trace) return;
  log('again without cross-origin isolation (the worker then runs one WASM thread)…');
  results.uiOneThread = await attempt('UI (1 thread)', () =>
    withPreview(ROOT, { isolated: false }, (origin) => measureUi(browser, origin, steps)),
  );
  log('second run, traced, on an unminified build…');
  results.uiTrace = await attempt('UI trace', () =>
    withPreview(ROOT, { minify: false }, (origin) => traceUi(browser, origin, steps)),
  );
  log('three visits in one browser profile (what Chromium keeps between visits)…');
  results.uiRevisits = await attempt('UI revisits', () =>
    withPreview(ROOT, {}, (origin) => measureRevisits(origin, steps)),
  );
}

/**
 * Speculative against greedy decoding on onnxruntime-node: the tiny pair (64 tokens), and
 * gpt2-shaped (32 tokens) with its derived draft and with its own 8-bit file as the draft;
 * k = 1 and 3 (docs/strategies.md).
 */
async function benchSpeculative({ only, results }: Run): Promise<void> {
  if (!only('spec')) return;
  const fp32 = (folder: WritableName) => ({ folder, file: SLOTS_MODEL_FILE });
  const pairs = [
    { target: fp32('tiny-gpt2'), draft: fp32('tiny-gpt2-draft'), tokens: 64 },
    { target: fp32('gpt2-shaped'), draft: fp32('gpt2-shaped-draft'), tokens: 32 },
    {
      target: fp32('gpt2-shaped'),
      draft: { ...fp32('gpt2-shaped'), file: SLOTS_Q8_FILE },
      tokens: 32,
    },
  ];
  log('speculative decoding against greedy on Node…');
  results.speculative = await attempt('speculative', async () => {
    const measured = [];
    for (const { target, draft, tokens } of pairs) {
      ensureModel(target.folder);
      ensureModel(draft.folder);
      measured.push(await measurePair(MODELS_DIR, target, draft, tokens, [1, 3], log));
    }
    return measured;
  });
}

/** The batched beam step against a greedy step on onnxruntime-node, 2 threads. */
async function benchBeamNode({ plan, only, modelDir, results }: Run): Promise<void> {
  if (!only('beam')) return;
  results.beam.node = await attempt('beam node 2t', () =>
    beamOnNode(modelDir, beamPlan(plan.quick), log),
  );
}

/** gpt2-shaped's decode step in the app page, against the bench page's (bench/lib/uiStep.ts). */
async function benchPageStep({ only, browser, origin, results }: Run): Promise<void> {
  if (!only('pagestep')) return;
  log('gpt2-shaped decoded in the app page (production build, WASM), then in the bench page…');
  ensureModel(MODEL);
  results.uiStep = await attempt('page step', () =>
    withPreview(ROOT, { models: [MODEL] }, (preview) =>
      measureInPageStep(browser, preview, origin),
    ),
  );
}

/** A 0.5B-class model: qwen-shaped written when missing or stale (about 2 minutes), then run. */
async function benchLlama({ only, results }: Run): Promise<void> {
  if (!only('llama')) return;
  log('qwen-shaped (a 0.5B-class model) on WASM and natively…');
  results.llama = await attempt('qwen-shaped', () =>
    benchLlamaShaped(ROOT, ensureQwenShaped(join(MODELS_DIR, QWEN_SHAPED)), log),
  );
}

/** gpt2-shaped's step at context 16 and 1000 per cache layout (bench/lib/longContext.ts). */
async function benchLongCtx({ plan, only, modelDir, results }: Run): Promise<void> {
  if (!only('longctx')) return;
  log('long context: cache layouts and probes on WASM in Node and natively…');
  results.longContext = await attempt('long context', () =>
    benchLongContext(ROOT, modelDir, plan.quick, log),
  );
}

/** The load at the end, the ratios and targets read from the figures, the run's length. */
function conclude(results: BenchResults): void {
  results.machine.loadAverageEnd = currentLoad();
  results.machine.loadAtStart = loadAtStart;
  results.ratios = computeRatios(results);
  results.targets = computeTargets(results);
  results.elapsedS = elapsedS();
}

/** bench/results.json, and the report on stdout. */
function report(results: BenchResults): void {
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${formatReport(results)}\n\nwritten bench/results.json (${results.elapsedS} s)`);
}

async function main(argv: string[]): Promise<void> {
  const { quick, only } = parseRunArgs(argv);
  const plan = makePlan(quick);
  const q8 = prepareModels(only);
  const machine = machineInfo(ROOT);
  const { server, origin } = await startServer(ROOT);
  const browser = await launchBrowser();
  machine.chromium = browser.version();
  log(`dev server ${origin}, Chromium ${machine.chromium}, ${quick ? 'quick' : 'full'} run`);
  const pageUrl = `${origin}${BENCH_PAGE}`;
  const results = emptyResults({ quick, model: MODEL, machine, q8, pageUrl });
  const run: Run = { plan, modelDir: modelFolder(MODEL), only, browser, origin, results };
  try {
    await benchInPage(run);
    await benchNode(run);
    await inspectNode(run);
    await benchBuild(run);
    await benchUi(run);
    await benchPageStep(run);
    await benchSpeculative(run);
    await benchBeamNode(run);
    await benchLlama(run);
    await benchLongCtx(run);
    conclude(results);
    report(results);
  } finally {
    await browser.close();
    await server.close();
  }
}

runMain(RUN_USAGE, main);
