/**
 * A batched beam step against a greedy step at one context, on the app's engine (runs in the
 * bench page's worker and in Node alike). After a prefill of `context − 1` tokens: a greedy step
 * (one token on the cache), a batched step (`beams` beams, each one token after the prompt, in
 * one model run: src/engine/strategies/beamBatch.ts on a slots file, beamBatchHub.ts on a Hub
 * file) and the per-beam step beam search takes on files that cannot batch (restore, one run,
 * save, per beam), taken in turn each round so that all three meet the same load on a shared
 * machine; medians.
 */
import type { DecoderState, KvCacheDecoder } from '../../src/engine/decoder';
import { BeamBatch } from '../../src/engine/strategies/beamBatch';
import { PresentBatch } from '../../src/engine/strategies/beamBatchHub';
import { topLogProbs } from '../../src/engine/strategies/logProbs';
import { benchTokens } from './protocol';

export interface BeamPlan {
  context: number;
  beams: number;
  /** Timed rounds, after `warmupRounds` untimed ones. */
  rounds: number;
  warmupRounds: number;
}

/** Median ms of one kind of step: the whole call, and inside `session.run`. */
export interface StepTiming {
  ms: number;
  modelMs: number;
}

export interface BeamStepFigures {
  context: number;
  beams: number;
  rounds: number;
  greedy: StepTiming;
  batched: StepTiming;
  perBeam: StepTiming;
  /** batched.ms ÷ greedy.ms and perBeam.ms ÷ greedy.ms, from medians of the same run. */
  batchedRatio: number;
  perBeamRatio: number;
}

/** A batched beam step against a greedy step on one runtime, as the bench reports it. */
export interface BeamRunResult {
  kind: 'beam';
  runtime: 'node' | 'wasm';
  threads: number;
  /** Opening the slots file's session. */
  sessionMs: number;
  figures: BeamStepFigures;
  /** The same on the Hub-interface file (onnx/model.onnx), measured right after, when it ran. */
  hub?: BeamStepFigures;
}

/**
 * The batched step of `tokens.length` beams, each reading its token right after the prompt saved
 * in `state`, made ready for one round: called untimed, it returns the step to time, which gives
 * the milliseconds inside `session.run`. On a slots file a fresh tree of caches each round (its
 * prompt rows copied in), so every round is at one context; on a Hub file one batch for all
 * rounds, its stacking buffers reused as a search's steps reuse them.
 */
function batchedSteps(
  decoder: KvCacheDecoder,
  state: DecoderState,
  tokens: readonly number[],
): () => () => Promise<number> {
  if (decoder.layout === 'slots') {
    return () => {
      const batch = new BeamBatch(decoder, state, tokens.length);
      return async () =>
        (await batch.step(tokens.map((tokenId) => ({ rows: [], tokenId })))).modelMs;
    };
  }
  const batch = new PresentBatch(decoder, state);
  const step = async () =>
    (await batch.step(tokens.map((tokenId) => ({ parent: batch.start, tokenId })))).modelMs;
  return () => step;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const medians = (timings: StepTiming[]): StepTiming => ({
  ms: median(timings.map((t) => t.ms)),
  modelMs: median(timings.map((t) => t.modelMs)),
});

export async function measureBeamStep(
  decoder: KvCacheDecoder,
  plan: BeamPlan,
  log: (line: string) => void,
): Promise<BeamStepFigures> {
  const prompt = benchTokens(plan.context - 1);
  decoder.reset();
  const prefill = await decoder.append(prompt);
  const state = await decoder.save();
  // The beams' tokens: the prefill's most likely ones, as a search's first step keeps them.
  const tokens = topLogProbs(prefill, plan.beams).map((t) => t.id);

  const greedyStep = async (): Promise<StepTiming> => {
    await decoder.rollback(prompt.length);
    const t0 = performance.now();
    const { modelMs } = await decoder.append([tokens[0]]);
    return { ms: performance.now() - t0, modelMs };
  };
  const prepareBatched = batchedSteps(decoder, state, tokens);
  const batchedStep = async (): Promise<StepTiming> => {
    const step = prepareBatched();
    const t0 = performance.now();
    const modelMs = await step();
    return { ms: performance.now() - t0, modelMs };
  };
  const perBeamStep = async (): Promise<StepTiming> => {
    let modelMs = 0;
    const t0 = performance.now();
    for (const tokenId of tokens) {
      decoder.restore(state);
      modelMs += (await decoder.append([tokenId])).modelMs;
      await decoder.save();
    }
    return { ms: performance.now() - t0, modelMs };
  };

  const timed = {
    greedy: [] as StepTiming[],
    batched: [] as StepTiming[],
    perBeam: [] as StepTiming[],
  };
  for (let round = 0; round < plan.warmupRounds + plan.rounds; round++) {
    const greedy = await greedyStep();
    const batched = await batchedStep();
    const perBeam = await perBeamStep();
    if (round < plan.warmupRounds) continue;
    timed.greedy.push(greedy);
    timed.batched.push(batched);
    timed.perBeam.push(perBeam);
  }
  const greedy = medians(timed.greedy);
  const batched = medians(timed.batched);
  const perBeam = medians(timed.perBeam);
  log(
    `beam step (${decoder.layout} file) @${plan.context}, ${plan.beams} beams: greedy ${greedy.ms.toFixed(1)} ms, ` +
      `batched ${batched.ms.toFixed(1)} ms, per beam ${perBeam.ms.toFixed(1)} ms`,
  );
  decoder.reset();
  return {
    context: plan.context,
    beams: plan.beams,
    rounds: plan.rounds,
    greedy,
    batched,
    perBeam,
    batchedRatio: batched.ms / greedy.ms,
    perBeamRatio: perBeam.ms / greedy.ms,
  };
}
