/**
 * The engine host's strategy runs: beam search, Jacobi or speculative decoding on the loaded
 * decoder (speculative with a draft model opened beside it, draftHost.ts), each step or round
 * posted as an event, then plain greedy decoding of the same prompt and length, timed on the same
 * backend, so that the page can set the two side by side.
 */
import type { KvCacheDecoder } from '../engine/decoder';
import { Generation } from '../engine/generation';
import { LIMITS, within } from '../engine/limits';
import { beamSearch, MAX_BEAMS } from '../engine/strategies/beamSearch';
import { jacobiDecode, MAX_JACOBI_WINDOW } from '../engine/strategies/jacobi';
import { promptLookup } from '../engine/strategies/promptLookup';
import { MAX_DRAFT_TOKENS, speculativeDecode } from '../engine/strategies/speculative';
import { createRng } from '../engine/rng';
import type { ModelSpec } from '../engine/modelCatalog';
import type { HostDeps } from './hostDeps';
import { HostError } from './hostErrors';
import type { GreedyTiming, StrategyOutcome, StrategySettings, WorkerRequest } from './protocol';

type StrategyRequest = Extract<WorkerRequest, { kind: 'strategy' }>;

const wholeIn = (value: number, min: number, max: number): boolean =>
  Number.isInteger(value) && value >= min && value <= max;

/** Why these settings cannot run, in English, or null when they can. */
export function strategyProblem(settings: StrategySettings): string | null {
  if (settings.strategy === 'beam') {
    if (!wholeIn(settings.beams, 1, MAX_BEAMS)) return `beams is ${settings.beams}`;
    if (!within(LIMITS.lengthPenalty, settings.lengthPenalty)) {
      return `lengthPenalty is ${settings.lengthPenalty}`;
    }
    if (!within(LIMITS.steps, settings.maxSteps)) return `maxSteps is ${settings.maxSteps}`;
    return null;
  }
  if (settings.strategy === 'jacobi') {
    if (!wholeIn(settings.window, 1, MAX_JACOBI_WINDOW)) return `window is ${settings.window}`;
    if (!within(LIMITS.steps, settings.maxTokens)) return `maxTokens is ${settings.maxTokens}`;
    return null;
  }
  if (settings.strategy === 'speculative') {
    if (!wholeIn(settings.k, 1, MAX_DRAFT_TOKENS)) return `k is ${settings.k}`;
    if (!within(LIMITS.steps, settings.maxTokens)) return `maxTokens is ${settings.maxTokens}`;
    const temperature = settings.sampling?.temperature;
    if (
      temperature !== undefined &&
      !(temperature > 0 && within(LIMITS.temperature, temperature))
    ) {
      return `temperature is ${temperature}`;
    }
    return null;
  }
  return 'the strategy is unknown';
}

/**
 * Jacobi decoding's refusal of a model file that does not give every fed position's prediction
 * (its message starts the same whatever the file lacks).
 */
const refusesFile = (error: unknown): error is Error =>
  error instanceof Error && error.message.startsWith('Jacobi decoding reads');

/** Opens a speculative run's draft model beside the loaded one (DraftHost.open). */
export type OpenDraft = (spec: ModelSpec) => Promise<KvCacheDecoder>;

/** What a finished run hands on: its outcome, and whether a greedy comparison is due. */
interface Ran {
  outcome: Extract<StrategyOutcome, { greedy: GreedyTiming | null }>;
  length: number;
  interrupted: boolean;
}

/**
 * Runs `request` on `decoder`; `stopped` is asked between steps (it gives the event loop a turn,
 * so that a Stop posted meanwhile is read); `openDraft` gives a speculative run its draft. The
 * decoder is left holding whatever ran last.
 */
export async function runStrategy(
  decoder: KvCacheDecoder,
  request: StrategyRequest,
  deps: HostDeps,
  stopped: () => Promise<boolean>,
  openDraft?: OpenDraft,
): Promise<void> {
  const { id, promptIds, settings } = request;
  const refused = strategyProblem(settings);
  if (refused) throw new HostError(`cannot run this strategy: ${refused}`, 'bad_request');
  if (promptIds.length === 0) throw new HostError('the prompt has no tokens', 'bad_request');
  let ran: Ran | null;
  if (settings.strategy === 'speculative') {
    if (!openDraft) throw new HostError('this engine cannot open a draft model', 'bad_request');
    // The draft's load is not part of the run's time.
    const draft = await openDraft(settings.draft);
    const ms = timer(deps);
    ran = await runSpeculative(decoder, draft, request, settings, deps, stopped, ms);
  } else if (settings.strategy === 'beam') {
    ran = await runBeam(decoder, request, settings, deps, stopped, timer(deps));
  } else {
    ran = await runJacobi(decoder, request, settings, deps, stopped, timer(deps));
  }
  if (ran === null) return;
  const { outcome, length, interrupted } = ran;
  if (request.compareGreedy && !interrupted && length > 0) {
    outcome.greedy = await timeGreedy(decoder, promptIds, length, deps, stopped);
  }
  deps.post({ kind: 'strategy-done', id, outcome });
}

/** Milliseconds since the call, by the host's clock. */
function timer(deps: HostDeps): () => number {
  const started = deps.now();
  return () => deps.now() - started;
}

type SettingsOf<S extends StrategySettings['strategy']> = Extract<
  StrategySettings,
  { strategy: S }
>;

async function runBeam(
  decoder: KvCacheDecoder,
  { id, promptIds }: StrategyRequest,
  { beams, maxSteps, lengthPenalty }: SettingsOf<'beam'>,
  deps: HostDeps,
  stopped: () => Promise<boolean>,
  ms: () => number,
): Promise<Ran> {
  const result = await beamSearch(
    decoder,
    promptIds,
    { beams, maxSteps, lengthPenalty },
    { onStep: (step) => deps.post({ kind: 'beam-step', id, step }), shouldStop: stopped },
  );
  const { final, stopReason, modelRuns, batched } = result;
  return {
    outcome: {
      strategy: 'beam',
      final,
      stopReason,
      modelPasses: modelRuns,
      batched,
      ms: ms(),
      greedy: null,
    },
    length: final[0]?.tokens.length ?? 0,
    interrupted: stopReason === 'stopped',
  };
}

/** Jacobi decoding; null when the file was refused (the refusal is posted as the outcome). */
async function runJacobi(
  decoder: KvCacheDecoder,
  { id, promptIds }: StrategyRequest,
  settings: SettingsOf<'jacobi'>,
  deps: HostDeps,
  stopped: () => Promise<boolean>,
  ms: () => number,
): Promise<Ran | null> {
  const { window, maxTokens } = settings;
  let result;
  try {
    const propose = settings.promptLookup ? promptLookup(promptIds) : undefined;
    result = await jacobiDecode(
      decoder,
      promptIds,
      { window, maxTokens, propose },
      { onRound: (round) => deps.post({ kind: 'jacobi-round', id, round }), shouldStop: stopped },
    );
  } catch (error) {
    if (!refusesFile(error)) throw error;
    const detail = error.message;
    deps.post({
      kind: 'strategy-done',
      id,
      outcome: { strategy: 'jacobi', refused: 'all_logits_missing', detail },
    });
    return null;
  }
  const { tokens, stopReason, modelPasses } = result;
  return {
    outcome: { strategy: 'jacobi', tokens, stopReason, modelPasses, ms: ms(), greedy: null },
    length: tokens.length,
    interrupted: stopReason === 'stopped',
  };
}

/** Speculative decoding with `draft`; a pair that cannot run together is a bad request. */
async function runSpeculative(
  decoder: KvCacheDecoder,
  draft: KvCacheDecoder,
  { id, promptIds }: StrategyRequest,
  { k, maxTokens, sampling }: SettingsOf<'speculative'>,
  deps: HostDeps,
  stopped: () => Promise<boolean>,
  ms: () => number,
): Promise<Ran> {
  const config = {
    k,
    maxTokens,
    ...(sampling
      ? { sampling: { temperature: sampling.temperature, rng: createRng(sampling.seed) } }
      : {}),
  };
  const result = await speculativeDecode(decoder, draft, promptIds, config, {
    onRound: (round) => deps.post({ kind: 'spec-round', id, round }),
    shouldStop: stopped,
  }).catch((error: unknown) => {
    // The engine names what does not fit (k, the vocabularies, the file) before feeding anything.
    if (error instanceof Error && error.message.startsWith('speculative decoding:')) {
      throw new HostError(error.message, 'bad_request');
    }
    throw error;
  });
  const { tokens, stopReason, targetPasses, draftPasses, proposed, accepted } = result;
  return {
    outcome: {
      strategy: 'speculative',
      tokens,
      stopReason,
      modelPasses: targetPasses,
      draftPasses,
      proposed,
      accepted,
      ms: ms(),
      greedy: null,
    },
    length: tokens.length,
    interrupted: stopReason === 'stopped',
  };
}

/**
 * Plain greedy decoding of `length` tokens after `promptIds`, timed from the prefill to the last
 * token; null when a Stop came first.
 */
async function timeGreedy(
  decoder: KvCacheDecoder,
  promptIds: readonly number[],
  length: number,
  deps: HostDeps,
  stopped: () => Promise<boolean>,
): Promise<GreedyTiming | null> {
  const sampling = { strategy: 'greedy', temperature: 1, topK: 0, topP: 1, seed: 0 } as const;
  const config = { maxSteps: length, sampling, candidateCount: 1 };
  const started = deps.now();
  const generation = await Generation.start(decoder, promptIds, config);
  const tokens: number[] = [];
  while (tokens.length < length) {
    if (await stopped()) return null;
    const outcome = await generation.next();
    if (outcome.kind !== 'step') break;
    tokens.push(outcome.record.tokenId);
  }
  return { tokens, modelPasses: tokens.length, ms: deps.now() - started };
}
