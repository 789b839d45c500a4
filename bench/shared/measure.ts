/**
 * The engine measurements, on any runtime: the same KvCacheDecoder and Generation the app uses,
 * driven the way the app drives them. Runs unchanged in the bench worker and in Node.
 */
import type { InferenceSession } from 'onnxruntime-web';
import type { KvCacheDecoder } from '../../src/engine/decoder';
import { Generation } from '../../src/engine/generation';
import { headDim } from '../../src/engine/modelShape';
import { createRng } from '../../src/engine/rng';
import { DEFAULT_SAMPLING, decide } from '../../src/engine/sampling';
import { viewToken } from '../../src/engine/tokenizer';
import { median } from '../../src/components/shared/stats';
import {
  benchTokens,
  type DecodeFigure,
  type EngineFigures,
  type MeasurePlan,
  type NaiveFigure,
} from './protocol';
import { settle } from './settle';

const now = (): number => performance.now();

/** When the latest `session.run` was entered and when its promise settled. */
export interface RunMarks {
  enter: number;
  exit: number;
}

type Run = (feeds: InferenceSession.FeedsType) => Promise<InferenceSession.ReturnType>;

/**
 * Wraps `session.run` to stamp its start and end, so a step's time outside the model splits into
 * before the run (feeds) and after it (outputs, cache hand-over, sampling, the record).
 */
export function stampRuns(session: InferenceSession): RunMarks {
  const marks: RunMarks = { enter: 0, exit: 0 };
  const run: Run = session.run.bind(session);
  const stamped: Run = async (feeds) => {
    marks.enter = now();
    try {
      return await run(feeds);
    } finally {
      marks.exit = now();
    }
  };
  Object.assign(session, { run: stamped });
  return marks;
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** The median of a sample that the plan makes non-empty (NaN, null in JSON, if it were not). */
const sampleMedian = (values: readonly number[]): number => median(values) ?? Number.NaN;

async function timePrefill(decoder: KvCacheDecoder, length: number, repeats: number) {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    decoder.reset();
    const t0 = now();
    await decoder.append(benchTokens(length));
    times.push(now() - t0);
  }
  return round(sampleMedian(times));
}

interface Samples {
  model: number[];
  total: number[];
  bytes: number[];
  before: number[];
  after: number[];
  sampling: number[];
}

const emptySamples = (): Samples => ({
  model: [],
  total: [],
  bytes: [],
  before: [],
  after: [],
  sampling: [],
});

/** Prefill N−1 tokens, take step 1 from the prefill, then time `steps` single-token steps. */
async function sampleDecode(
  decoder: KvCacheDecoder,
  marks: RunMarks,
  context: number,
  steps: number,
  into: Samples,
): Promise<void> {
  const config = { maxSteps: steps + 1, sampling: DEFAULT_SAMPLING, candidateCount: 20 };
  const generation = await Generation.start(decoder, benchTokens(context - 1), config);
  await generation.next();
  for (let i = 0; i < steps; i++) {
    const t0 = now();
    const outcome = await generation.next();
    const t1 = now();
    if (outcome.kind === 'stop') throw new Error(`generation stopped early: ${outcome.reason}`);
    into.before.push(marks.enter - t0);
    into.after.push(t1 - marks.exit);
    into.model.push(outcome.record.modelMs);
    into.total.push(outcome.record.totalMs);
    // What the page keeps per step: the record without its token views, which the store shares
    // (one per vocabulary id, see withSharedViews in src/store/engineActions.ts).
    const withoutViews = (key: string, value: unknown): unknown =>
      key === 'token' ? undefined : value;
    into.bytes.push(JSON.stringify(outcome.record, withoutViews).length);
  }
  // The app's own per-step JavaScript, timed alone on this context's logits: sampling (decide:
  // the top-20 and entropy, from the model's logit summary where the file returns one, else by a
  // pass over the whole vocabulary) and the token views of the candidates.
  const { logits, summary } = await decoder.append([1]);
  for (let i = 0; i < 3; i++) {
    const t0 = now();
    const decision = decide(logits, DEFAULT_SAMPLING, createRng(1), 20, undefined, summary);
    for (const c of decision.candidates) viewToken(c.id);
    into.sampling.push(now() - t0);
  }
}

function summarise(decoder: KvCacheDecoder, context: number, s: Samples): DecodeFigure {
  const { layers, heads } = decoder.shape;
  const cacheBytes = 2 * layers * heads * context * headDim(decoder.shape) * 4;
  const sumTotal = s.total.reduce((a, b) => a + b, 0);
  const sumModel = s.model.reduce((a, b) => a + b, 0);
  const totalMs = sampleMedian(s.total);
  return {
    context,
    steps: s.total.length,
    modelMs: round(sampleMedian(s.model)),
    totalMs: round(totalMs),
    tokensPerSec: round(1000 / totalMs),
    overheadPct: round((100 * (sumTotal - sumModel)) / sumTotal, 3),
    beforeRunMs: round(sampleMedian(s.before)),
    afterRunMs: round(sampleMedian(s.after)),
    recordBytes: sampleMedian(s.bytes),
    samplingMs: round(sampleMedian(s.sampling)),
    cacheMB: round(cacheBytes / 2 ** 20, 1),
  };
}

/** No cache: every step feeds the whole sequence (from an empty cache), as a naive loop would. */
async function timeNaive(
  decoder: KvCacheDecoder,
  context: number,
  steps: number,
): Promise<NaiveFigure> {
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    decoder.reset();
    const t0 = now();
    await decoder.append(benchTokens(context + i));
    times.push(now() - t0);
  }
  return { context, steps, stepMs: round(sampleMedian(times)) };
}

async function greedyTokens(decoder: KvCacheDecoder, count: number): Promise<number[]> {
  const config = { maxSteps: count, sampling: DEFAULT_SAMPLING };
  const generation = await Generation.start(decoder, benchTokens(16), config);
  for (;;) {
    const outcome = await generation.next();
    if (outcome.kind === 'stop') return generation.generatedIds;
  }
}

export async function measureEngine(
  decoder: KvCacheDecoder,
  marks: RunMarks,
  plan: MeasurePlan,
  log: (line: string) => void,
): Promise<EngineFigures> {
  // The app's own warm-up after loading (cache memory laid out for the whole context), then
  // the bench's: the first runs allocate arenas and pick kernels; then single steps at a short
  // context until the runtime's code is optimised (WASM tier-up) and step times settle.
  await decoder.warmUp();
  const warmup = await settle(async () => {
    decoder.reset();
    await decoder.append(benchTokens(15));
    const t0 = now();
    const steps = plan.warmup.maxMs > 0 ? 5 : 1;
    for (let i = 0; i < steps; i++) await decoder.append([1]);
    return (now() - t0) / steps;
  }, plan.warmup);
  log(`warm-up ${warmup.ms} ms: ${warmup.firstMs} → ${warmup.settledMs} ms/step`);
  const greedy16 = await greedyTokens(decoder, 5);

  const prefillMs: Record<string, number> = {};
  for (const length of plan.prefill) {
    prefillMs[length] = await timePrefill(decoder, length, plan.prefillRepeats);
    log(`prefill ${length}: ${prefillMs[length]} ms`);
  }
  // Rounds over all contexts, so each context's steps are spread over the run's time and a
  // burst of load from elsewhere on the machine does not land on one context only.
  const samples = new Map(plan.contexts.map((c) => [c, emptySamples()]));
  for (let r = 0; r < plan.rounds; r++) {
    for (const context of plan.contexts) {
      await sampleDecode(decoder, marks, context, plan.decodeSteps, samples.get(context)!);
    }
  }
  const decode: DecodeFigure[] = [];
  for (const context of plan.contexts) {
    const figure = summarise(decoder, context, samples.get(context)!);
    decode.push(figure);
    log(
      `decode @${context}: step ${figure.totalMs} ms = before run ${figure.beforeRunMs} + model ${figure.modelMs} + after ${figure.afterRunMs} (sampling alone ${figure.samplingMs})`,
    );
  }
  const naive: NaiveFigure[] = [];
  for (const context of plan.naiveContexts) {
    const figure = await timeNaive(decoder, context, plan.naiveSteps);
    naive.push(figure);
    log(`naive @${context}: ${figure.stepMs} ms/step`);
  }
  decoder.reset();
  return { prefillMs, decode, naive, greedy16, warmup };
}
