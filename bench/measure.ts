/**
 * The engine measurements, on any runtime: the same KvCacheDecoder and Generation the app uses,
 * driven the way the app drives them. Runs unchanged in the bench worker and in Node.
 */
import type { KvCacheDecoder } from '../src/engine/decoder';
import { Generation } from '../src/engine/generation';
import { DEFAULT_SAMPLING } from '../src/engine/sampling';
import {
  benchTokens,
  median,
  type DecodeFigure,
  type EngineFigures,
  type MeasurePlan,
  type NaiveFigure,
} from './protocol';

const now = (): number => performance.now();
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

async function timePrefill(decoder: KvCacheDecoder, length: number, repeats: number) {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    decoder.reset();
    const t0 = now();
    await decoder.append(benchTokens(length));
    times.push(now() - t0);
  }
  return round(median(times));
}

/** Prefill N−1 tokens, take step 1 from the prefill, then time `steps` single-token steps. */
async function timeDecode(
  decoder: KvCacheDecoder,
  context: number,
  steps: number,
): Promise<DecodeFigure> {
  const config = { maxSteps: steps + 1, sampling: DEFAULT_SAMPLING, candidateCount: 20 };
  const generation = await Generation.start(decoder, benchTokens(context - 1), config);
  await generation.next();
  const model: number[] = [];
  const total: number[] = [];
  const bytes: number[] = [];
  for (let i = 0; i < steps; i++) {
    const outcome = await generation.next();
    if (outcome.kind === 'stop') throw new Error(`generation stopped early: ${outcome.reason}`);
    model.push(outcome.record.modelMs);
    total.push(outcome.record.totalMs);
    bytes.push(JSON.stringify(outcome.record).length);
  }
  const sumTotal = total.reduce((a, b) => a + b, 0);
  const sumModel = model.reduce((a, b) => a + b, 0);
  const totalMs = median(total);
  return {
    context,
    steps,
    modelMs: round(median(model)),
    totalMs: round(totalMs),
    tokensPerSec: round(1000 / totalMs),
    overheadPct: round((100 * (sumTotal - sumModel)) / sumTotal, 3),
    recordBytes: median(bytes),
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
  return { context, steps, stepMs: round(median(times)) };
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
  plan: MeasurePlan,
  log: (line: string) => void,
): Promise<EngineFigures> {
  // Warm-up: the first runs allocate arenas and pick kernels.
  decoder.reset();
  await decoder.append(benchTokens(16));
  await decoder.append([1]);
  const greedy16 = await greedyTokens(decoder, 5);

  const prefillMs: Record<string, number> = {};
  for (const length of plan.prefill) {
    prefillMs[length] = await timePrefill(decoder, length, plan.prefillRepeats);
    log(`prefill ${length}: ${prefillMs[length]} ms`);
  }
  const decode: DecodeFigure[] = [];
  for (const context of plan.contexts) {
    const figure = await timeDecode(decoder, context, plan.decodeSteps);
    decode.push(figure);
    log(`decode @${context}: model ${figure.modelMs} ms, step ${figure.totalMs} ms`);
  }
  const naive: NaiveFigure[] = [];
  for (const context of plan.naiveContexts) {
    const figure = await timeNaive(decoder, context, plan.naiveSteps);
    naive.push(figure);
    log(`naive @${context}: ${figure.stepMs} ms/step`);
  }
  decoder.reset();
  return { prefillMs, decode, naive, greedy16 };
}
