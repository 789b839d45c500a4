/**
 * Beam search: several candidate sequences at once, each extended one token at a time. Every step
 * ranks, over all running beams, each beam's best next tokens by the total log-probability of the
 * sequence they make, keeps the best `beams` of them as the next step's beams and drops the rest
 * (Hugging Face's generate with num_beams, early_stopping=True).
 *
 * Each kept beam gets its parent's cache and reads its one new token (beamRunners.ts): on the
 * slots files since stepwise-gpt2-onnx-11 (beamBatch.ts) and on Hub files with a free batch
 * dimension (beamBatchHub.ts) all beams in one model run per step, the weights read once for all;
 * on other files one run per beam, each restoring its parent's saved decoder state.
 */
import type { ForwardResult, KvCacheDecoder } from '../decoder';
import type {
  BeamCandidate,
  BeamNode,
  BeamSearchConfig,
  BeamSearchResult,
  BeamStep,
  BeamStopReason,
  RankedBeam,
} from './beamRecord';
import { beamRunner, type BeamRunner } from './beamRunners';
import { topLogProbs } from './logProbs';

export type * from './beamRecord';

export const MAX_BEAMS = 8;

/** Live hooks of a search: a record per step as it is made, and a stop check between steps. */
export interface BeamSearchHooks {
  /** Called with each step's record as soon as the step is decided. */
  onStep?: (step: BeamStep) => void;
  /**
   * Asked before each step's model runs; true ends the search there, its result ranking the
   * beams made so far (stop reason `stopped`).
   */
  shouldStop?: () => boolean | Promise<boolean>;
}

/** A beam still being extended: its cache (`C`: see beamRunners.ts) and the model's answer. */
interface RunningBeam<C = unknown> {
  node: BeamNode;
  tokens: number[];
  cache: C;
  forward: ForwardResult;
}

interface Ranked<C> {
  beam: RunningBeam<C>;
  candidate: BeamCandidate;
}

/** Rows a batched search makes room for at once, per beam (it grows past them when needed). */
const BATCH_ROWS_PER_BEAM = 64;

/** Hugging Face's length-normalised score: sum of log p / length^penalty. */
export const beamScore = (logProb: number, length: number, penalty: number): number =>
  logProb / Math.max(1, length) ** penalty;

/**
 * Runs a beam search after `promptIds` to its end. It takes the decoder over: the decoder is
 * reset first, and afterwards holds the prompt (batched) or whichever beam read last.
 */
export async function beamSearch(
  decoder: KvCacheDecoder,
  promptIds: readonly number[],
  config: BeamSearchConfig,
  hooks: BeamSearchHooks = {},
): Promise<BeamSearchResult> {
  const { beams, maxSteps } = config;
  if (!(Number.isInteger(beams) && beams >= 1 && beams <= MAX_BEAMS)) {
    throw new Error(`beams must be a whole number from 1 to ${MAX_BEAMS}, not ${beams}`);
  }
  if (promptIds.length === 0) throw new Error('the prompt has no tokens');
  const { context } = decoder.shape;

  decoder.reset();
  const prefill = await decoder.append(promptIds);
  const runs = Math.max(0, Math.min(maxSteps - 1, context - promptIds.length));
  const rows = beams * Math.min(runs, BATCH_ROWS_PER_BEAM);
  const runner = await beamRunner(decoder, config.batched !== false, rows);
  // One call per kind, so that each runs on its own runner's kind of cache.
  switch (runner.kind) {
    case 'slots':
      return search(runner, prefill, promptIds.length, config, hooks, decoder.shape);
    case 'present':
      return search(runner, prefill, promptIds.length, config, hooks, decoder.shape);
    case 'perBeam':
      return search(runner, prefill, promptIds.length, config, hooks, decoder.shape);
  }
}

/** The search itself, on the runner's kind of cache. */
async function search<C>(
  runner: BeamRunner<C>,
  prefill: ForwardResult,
  promptLength: number,
  config: BeamSearchConfig,
  hooks: BeamSearchHooks,
  { eosTokenId, context }: KvCacheDecoder['shape'],
): Promise<BeamSearchResult> {
  const { beams, maxSteps } = config;
  const penalty = config.lengthPenalty ?? 1;
  let running: RunningBeam<C>[] = [
    {
      node: { id: 0, parentId: null, tokenId: -1, logProb: 0 },
      tokens: [],
      cache: runner.start,
      forward: prefill,
    },
  ];
  let nextId = 1;
  let modelRuns = 1;
  const finished: RankedBeam[] = [];
  const steps: BeamStep[] = [];
  let stopReason: BeamStopReason = 'max_steps';

  for (let step = 1; step <= maxSteps; step++) {
    const ranked = rankCandidates(running, beams);
    const record: BeamStep = { step, expansions: [], kept: [], ended: [], pruned: [], modelMs: 0 };
    const kept: { parent: RunningBeam<C>; node: BeamNode }[] = [];
    for (const [rank, { beam, candidate }] of ranked.entries()) {
      if (kept.length === beams) break;
      const node: BeamNode = {
        id: nextId,
        parentId: beam.node.id,
        tokenId: candidate.tokenId,
        logProb: candidate.cumulative,
      };
      if (candidate.tokenId === eosTokenId) {
        // An ending counts only among the best `beams` totals, as in Hugging Face's scorer.
        if (rank >= beams) continue;
        const tokens = [...beam.tokens, eosTokenId];
        const score = beamScore(node.logProb, tokens.length, penalty);
        finished.push({ id: node.id, tokens, logProb: node.logProb, score, ended: true });
        record.ended.push({ ...node, score });
        candidate.fate = 'ended';
      } else {
        kept.push({ parent: beam, node });
        record.kept.push(node);
        candidate.fate = 'kept';
      }
      candidate.childId = nextId++;
    }
    record.expansions = running.map((beam) => ({
      beamId: beam.node.id,
      candidates: ranked.filter((r) => r.beam === beam).map((r) => r.candidate),
    }));
    record.pruned = record.expansions
      .filter((e) => e.candidates.every((c) => c.fate === 'pruned'))
      .map((e) => e.beamId);
    steps.push(record);
    keepBest(finished, beams);
    hooks.onStep?.(record);

    if (finished.length >= beams) {
      stopReason = 'all_ended';
      running = [];
      break;
    }
    const extended = kept.map(({ parent, node }) => ({
      node,
      tokens: [...parent.tokens, node.tokenId],
      cache: parent.cache,
      forward: parent.forward,
    }));
    // The last step's tokens are never read: their model runs would serve no further step.
    if (step === maxSteps) {
      running = extended;
      break;
    }
    if (promptLength + step > context) {
      running = extended;
      stopReason = 'context_limit';
      break;
    }
    if (hooks.shouldStop && (await hooks.shouldStop())) {
      running = extended;
      stopReason = 'stopped';
      break;
    }
    const read = await runner.extend(
      extended.map((beam) => ({ parent: beam.cache, tokenId: beam.node.tokenId })),
    );
    read.results.forEach(({ cache, forward }, i) => {
      extended[i].cache = cache;
      extended[i].forward = forward;
    });
    record.modelMs += read.modelMs;
    modelRuns += read.runs;
    running = extended;
  }

  const final = finalRanking(finished, running, beams, penalty);
  return { steps, final, stopReason, modelRuns, batched: runner.batched };
}

/**
 * Every running beam's best 2 × `beams` next tokens (enough: the best `beams` non-ending totals
 * are always among them), all ranked by total log-probability, best first. Ties keep the order of
 * the beams, then each beam's own order.
 */
function rankCandidates<C>(running: readonly RunningBeam<C>[], beams: number): Ranked<C>[] {
  const all: Ranked<C>[] = running.flatMap((beam) =>
    topLogProbs(beam.forward, 2 * beams).map(({ id, logProb }) => ({
      beam,
      candidate: {
        tokenId: id,
        logProb,
        cumulative: beam.node.logProb + logProb,
        fate: 'pruned' as const,
      },
    })),
  );
  // Array.prototype.sort is stable: equal totals stay in the order built above.
  return all.sort((a, b) => b.candidate.cumulative - a.candidate.cumulative);
}

/** Keeps the best `beams` finished sequences, best score first (an earlier one wins a tie). */
function keepBest(finished: RankedBeam[], beams: number): void {
  finished.sort((a, b) => b.score - a.score);
  finished.splice(beams);
}

/** The finished sequences, plus the running ones unless `beams` sequences ended, best first. */
function finalRanking(
  finished: readonly RankedBeam[],
  running: readonly RunningBeam[],
  beams: number,
  penalty: number,
): RankedBeam[] {
  const unfinished = running.map(({ node, tokens }) => ({
    id: node.id,
    tokens,
    logProb: node.logProb,
    score: beamScore(node.logProb, tokens.length, penalty),
    ended: false,
  }));
  const all = [...finished, ...unfinished];
  keepBest(all, beams);
  return all;
}
