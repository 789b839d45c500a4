/**
 * `npm run bench:graph`: onnxruntime-web's native WebGPU provider with and without graph capture,
 * on a GPU machine without a browser (Dawn in Node, as bench/dawn.ts). Four ways to decode the
 * same weights (a recipe of scripts/makeModel.ts, written in memory), in the order `--ways` gives:
 *   app      the app's WebGPU set-up: the Hub-interface file, its `present.*` kept in GPU buffers
 *            and fed back (KvCacheDecoder, src/worker/sessionOptions.ts);
 *   gqa      the GroupQueryAttention file (src/engine/build/gqaGraph.ts) with every input and
 *            output in GPU buffers and the cache at full capacity, written in place
 *            (bench/lib/gqaGpuRunner.ts): every step has the same shapes and buffers;
 *   capture  the same with `enableGraphCapture`: the first run records its GPU commands, every
 *            later run replays them, with no kernel dispatched from the CPU;
 *   fused    capture on the file with its MLP's bias and GELU as one `FastGelu` node: fewer
 *            kernels a step.
 * It checks that the ways give the same greedy tokens, then times single steps at several
 * contexts (model run and logits read back; for `app` also the app's whole step). Writes
 * bench/dawn-graph-results.json. Node only; the app never runs this.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InferenceSession } from 'onnxruntime-web';
import { RECIPES } from '../scripts/modelRecipes';
import { buildGpt2Model } from '../src/engine/build/gpt2Graph';
import { buildGpt2GqaModel } from '../src/engine/build/gqaGraph';
import { makeWeights } from '../src/engine/build/tinyWeights';
import { KvCacheDecoder } from '../src/engine/decoder';
import type { ModelShape } from '../src/engine/modelShape';
import { argmax } from '../src/engine/topK';
import { sessionOptions } from '../src/worker/sessionOptions';
import { runMain } from './lib/cli';
import {
  GRAPH_USAGE,
  PROMPT,
  parseGraphArgs,
  type GraphOptions,
  type Way,
} from './lib/dawnGraphArgs';
import { installDawn } from './lib/dawnGpu';
import { GqaGpuRunner, type GpuDevice } from './lib/gqaGpuRunner';
import { webBuild, type Ort } from './lib/webBuilds';
import { measureEngine, stampRuns } from './shared/measure';
import { median } from '../src/components/shared/stats';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** The token every timed step feeds (any id: the time does not depend on it). */
const TOKEN = 13;
const CONTEXTS = [16, 128, 512, 1000];

/** Milliseconds of each timed step, of its `session.run` and of reading its logits back. */
interface Samples {
  step: number[];
  run: number[];
  read: number[];
}

const medianMs = (times: readonly number[]): number =>
  Math.round((median(times) ?? Number.NaN) * 100) / 100;

interface Greedy {
  tokens: number[];
  /** The logits each chosen token was read from. */
  logits: Float32Array[];
}

interface WayResult {
  way: Way;
  sessionMs: number;
  greedy: number[];
  /** Largest |logit − the first finished way's logit| over the greedy steps (0 for that way). */
  maxLogitDiff: number;
  /** Median ms of a model run with the logits read back, by context. */
  runMs: Record<number, number>;
  /** The app's whole step (run, choice, record) by context; the app only. */
  stepMs?: Record<number, number>;
  /** The first model run (the one graph capture records); the GPU buffers' ways only. */
  firstRunMs?: number;
  /** Medians of `session.run` and of reading the logits back, by context; the same ways only. */
  splitMs?: Record<number, { run: number; read: number }>;
}

/** What a way returns: its figures and its greedy tokens with their logits. */
type WayFigures = Omit<WayResult, 'way' | 'greedy' | 'maxLogitDiff'> & { greedy: Greedy };

/** Greedy decoding by `next`, which feeds one or more ids and returns the last logits. */
async function greedyBy(
  next: (ids: number[]) => Promise<Float32Array>,
  count: number,
): Promise<Greedy> {
  const result: Greedy = { tokens: [], logits: [] };
  let logits = await next(PROMPT);
  for (let i = 0; i < count; i++) {
    const token = argmax(logits);
    result.tokens.push(token);
    result.logits.push(logits);
    logits = await next([token]);
  }
  return result;
}

function maxDiff(a: Greedy, b: Greedy): number {
  let max = 0;
  const steps = Math.min(a.logits.length, b.logits.length);
  for (let s = 0; s < steps; s++) {
    const [x, y] = [a.logits[s], b.logits[s]];
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
  }
  return max;
}

async function create(ort: Ort, bytes: Uint8Array, options: InferenceSession.SessionOptions) {
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, options);
  return { session, sessionMs: Math.round(performance.now() - t0) };
}

/** The app's set-up, timed by the same code as `npm run bench` (bench/shared/measure.ts). */
async function appWay(ort: Ort, bytes: Uint8Array, shape: ModelShape, opts: GraphOptions) {
  const { session, sessionMs } = await create(ort, bytes, sessionOptions('webgpu', shape));
  let decoder: KvCacheDecoder | null = null;
  try {
    decoder = new KvCacheDecoder(session, shape, ort.Tensor);
    const app = decoder;
    const marks = stampRuns(session);
    const greedy = await greedyBy(async (ids) => (await app.append(ids)).logits, opts.tokens);
    app.reset();
    const contexts = CONTEXTS.filter((c) => c + opts.steps <= shape.context);
    const plan = {
      prefill: [],
      prefillRepeats: 1,
      contexts,
      decodeSteps: opts.steps,
      rounds: 2,
      naiveContexts: [],
      naiveSteps: 0,
      warmup: { minMs: 3000, maxMs: 10_000 },
    };
    const figures = await measureEngine(app, marks, plan, (line) => console.log(`app: ${line}`));
    const runMs = Object.fromEntries(figures.decode.map((d) => [d.context, d.modelMs]));
    const stepMs = Object.fromEntries(figures.decode.map((d) => [d.context, d.totalMs]));
    return { sessionMs, greedy, runMs, stepMs };
  } finally {
    // As the app unloads: the decoder's GPU buffers, then the session.
    decoder?.dispose();
    await session.release();
  }
}

/** The GroupQueryAttention file in GPU buffers, with or without graph capture. */
async function gqaWay(
  ort: Ort,
  bytes: Uint8Array,
  shape: ModelShape,
  opts: GraphOptions,
  capture: boolean,
  name: Way,
) {
  const capacity = Math.min(opts.capacity, shape.context);
  const { session, sessionMs } = await create(ort, bytes, {
    // An object, not the bare name: only then does onnxruntime-web hand the provider the option.
    executionProviders: [{ name: 'webgpu' }],
    graphOptimizationLevel: 'all',
    enableGraphCapture: capture,
    preferredOutputLocation: 'gpu-buffer',
  });
  let made: GqaGpuRunner | null = null;
  try {
    const device = (await ort.env.webgpu.device) as unknown as GpuDevice;
    const runner = new GqaGpuRunner(ort, session, shape, device, capacity, capture);
    made = runner;
    const greedy = await greedyBy(async (ids) => {
      let logits: Float32Array = new Float32Array(0);
      for (const id of ids) logits = await runner.step(id);
      return logits;
    }, opts.tokens);
    const time = async (context: number, steps: number, into: Samples) => {
      runner.length = context - 1; // a rollback: rows past it are overwritten, never read
      for (let i = 0; i < steps; i++) {
        const t0 = performance.now();
        await runner.step(TOKEN);
        into.step.push(performance.now() - t0);
        into.run.push(runner.lastRunMs);
        into.read.push(runner.lastReadMs);
      }
    };
    const samples = (): Samples => ({ step: [], run: [], read: [] });
    await time(16, 30, samples()); // warm-up
    const contexts = CONTEXTS.filter((c) => c + opts.steps <= capacity);
    const byContext = new Map(contexts.map((c) => [c, samples()]));
    for (let round = 0; round < 2; round++) {
      for (const c of contexts) await time(c, opts.steps, byContext.get(c)!);
    }
    const runMs: Record<number, number> = {};
    const splitMs: Record<number, { run: number; read: number }> = {};
    for (const [c, s] of byContext) {
      runMs[c] = medianMs(s.step);
      splitMs[c] = { run: medianMs(s.run), read: medianMs(s.read) };
      console.log(
        `${name}: decode @${c}: ${runMs[c]} ms (session.run ${splitMs[c].run}, logits read back ${splitMs[c].read})`,
      );
    }
    const firstRunMs = Math.round(runner.firstRunMs);
    const { runs, outputErrors } = runner;
    console.log(
      `${name}: first run ${firstRunMs} ms; output errors after a replay: ${outputErrors}`,
    );
    // Under capture every run after the first throws once its results are in (gqaGpuRunner.ts):
    // any other count means onnxruntime-web's behaviour changed, and the figures need a look.
    const expected = capture ? runs - 1 : 0;
    if (outputErrors !== expected) {
      console.log(
        `${name}: WARNING ${outputErrors} output errors in ${runs} runs, ${expected} expected`,
      );
    }
    return { sessionMs, greedy, runMs, splitMs, firstRunMs };
  } finally {
    // The session first: a captured graph refers to the runner's buffers until it is released.
    await session.release();
    made?.dispose();
  }
}

async function main(argv: string[]): Promise<void> {
  const opts = parseGraphArgs(argv, ROOT);
  const { vendor, architecture, device, description } = (await installDawn()).info;
  const adapter = { vendor, architecture, device, description };
  console.log(`adapter: ${JSON.stringify(adapter)}`);
  const recipe = RECIPES[opts.model];
  const shape = { ...recipe.shape, layers: opts.layers ?? recipe.shape.layers };
  const { seed, scales } = recipe;
  const weights = makeWeights(shape, seed, scales);
  // Each file is written when a way first needs it.
  let gqaBytes: Uint8Array | null = null;
  const gqa = () => (gqaBytes ??= buildGpt2GqaModel(shape, weights, { fresh: false }));
  const fused = () => buildGpt2GqaModel(shape, weights, { fresh: false, fastGelu: true });
  const ort = await webBuild('webgpu', 1);
  const results: WayResult[] = [];
  let reference: Greedy | null = null;
  const ways: Record<Way, () => Promise<WayFigures>> = {
    app: () => appWay(ort, buildGpt2Model(shape, weights, 'hf', 'fp32'), shape, opts),
    gqa: () => gqaWay(ort, gqa(), shape, opts, false, 'gqa'),
    capture: () => gqaWay(ort, gqa(), shape, opts, true, 'capture'),
    fused: () => gqaWay(ort, fused(), shape, opts, true, 'fused'),
  };
  const failed: Way[] = [];
  for (const way of opts.ways) {
    try {
      const { greedy, ...figures } = await ways[way]();
      reference ??= greedy;
      const maxLogitDiff = maxDiff(reference, greedy);
      results.push({ way, ...figures, greedy: greedy.tokens, maxLogitDiff });
      console.log(`${way}: session ${figures.sessionMs} ms, greedy ${greedy.tokens.join(' ')}`);
      console.log(`${way}: largest logit difference from the first way: ${maxLogitDiff}`);
    } catch (error) {
      // One way failing (a provider limit, say) still leaves the others' figures.
      console.log(`${way}: FAILED ${error instanceof Error ? error.stack : String(error)}`);
      failed.push(way);
    }
  }
  const contexts = CONTEXTS.filter((c) => results.some((r) => c in r.runMs));
  console.log(`| way | session ms | ${contexts.map((c) => `run @${c}`).join(' | ')} |`);
  for (const r of results) {
    const cells = contexts.map((c) => r.runMs[c] ?? '');
    console.log(`| ${r.way} | ${r.sessionMs} | ${cells.join(' | ')} |`);
  }
  const same = results.every((r) => r.greedy.join() === results[0]?.greedy.join());
  if (results.length > 0)
    console.log(`greedy tokens: ${same ? 'the same in every way' : 'DIFFER'}`);
  const report = { date: new Date().toISOString(), adapter, model: opts.model, opts, results };
  writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${opts.out}`);
  // The figures are written either way; the exit code says whether they can be trusted.
  if (failed.length > 0) throw new Error(`failed: ${failed.join(', ')}`);
  if (!same) throw new Error('the ways gave different greedy tokens');
}

runMain(GRAPH_USAGE, main);
