/**
 * The engine host's strategy runs: beam search or Jacobi decoding on the loaded decoder, each step
 * or round posted as an event, then plain greedy decoding of the same prompt and length, timed on
 * the same backend, so that the page can set the two side by side.
 */
import type { KvCacheDecoder } from '../engine/decoder';
import { Generation } from '../engine/generation';
import { LIMITS, within } from '../engine/limits';
import { beamSearch, MAX_BEAMS } from '../engine/strategies/beamSearch';
import { jacobiDecode, MAX_JACOBI_WINDOW } from '../engine/strategies/jacobi';
import { promptLookup } from '../engine/strategies/promptLookup';
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
  return 'the strategy is unknown';
}

/**
 * Jacobi decoding's refusal of a model file that does not give every fed position's prediction
 * (its message starts the same whatever the file lacks).
 */
const refusesFile = (error: unknown): error is Error =>
  error instanceof Error && error.message.startsWith('Jacobi decoding reads');

/**
 * Runs `request` on `decoder`; `stopped` is asked between steps (it gives the event loop a turn,
 * so that a Stop posted meanwhile is read). The decoder is left holding whatever ran last.
 */
export async function runStrategy(
  decoder: KvCacheDecoder,
  request: StrategyRequest,
  deps: HostDeps,
  stopped: () => Promise<boolean>,
): Promise<void> {
  const { id, promptIds, settings } = request;
  const refused = strategyProblem(settings);
  if (refused) throw new HostError(`cannot run this strategy: ${refused}`, 'bad_request');
  if (promptIds.length === 0) throw new HostError('the prompt has no tokens', 'bad_request');
  const started = deps.now();
  let outcome: StrategyOutcome;
  let length: number;
  let interrupted: boolean;
  if (settings.strategy === 'beam') {
    const { beams, maxSteps, lengthPenalty } = settings;
    const result = await beamSearch(
      decoder,
      promptIds,
      { beams, maxSteps, lengthPenalty },
      {
        onStep: (step) => deps.post({ kind: 'beam-step', id, step }),
        shouldStop: stopped,
      },
    );
    const ms = deps.now() - started;
    interrupted = result.stopReason === 'stopped';
    const { final, stopReason, modelRuns } = result;
    length = final[0]?.tokens.length ?? 0;
    outcome = { strategy: 'beam', final, stopReason, modelPasses: modelRuns, ms, greedy: null };
  } else {
    const { window, maxTokens } = settings;
    let result;
    try {
      const propose = settings.promptLookup ? promptLookup(promptIds) : undefined;
      result = await jacobiDecode(
        decoder,
        promptIds,
        { window, maxTokens, propose },
        {
          onRound: (round) => deps.post({ kind: 'jacobi-round', id, round }),
          shouldStop: stopped,
        },
      );
    } catch (error) {
      if (!refusesFile(error)) throw error;
      const detail = error.message;
      deps.post({
        kind: 'strategy-done',
        id,
        outcome: { strategy: 'jacobi', refused: 'all_logits_missing', detail },
      });
      return;
    }
    const ms = deps.now() - started;
    interrupted = result.stopReason === 'stopped';
    const { tokens, stopReason, modelPasses } = result;
    length = tokens.length;
    outcome = { strategy: 'jacobi', tokens, stopReason, modelPasses, ms, greedy: null };
  }
  if (request.compareGreedy && !interrupted && length > 0) {
    outcome.greedy = await timeGreedy(decoder, promptIds, length, deps, stopped);
  }
  deps.post({ kind: 'strategy-done', id, outcome });
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
