/**
 * Beam search, Jacobi and speculative decoding on the page: the strategy chosen (the chain of
 * single steps, the app's usual run, is `chain`), its settings, and the strategy run on screen,
 * built from the worker's events. Runs go UI action → runStrategy (strategyActions.ts) → worker
 * `strategy` request → events → receiveStrategyEvent (strategyEvents.ts) → this store → the
 * views in components/strategies.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { LIMITS, within } from '../engine/limits';
import type { BeamStep } from '../engine/strategies/beamRecord';
import type { JacobiRound } from '../engine/strategies/jacobi';
import type { SpeculativeRound } from '../engine/strategies/speculative';
import { knownVocab } from '../engine/strategies/draftModels';
import type { EventOf, StrategyOutcome, StrategySettings } from '../worker/protocol';
import { pickDraft } from './speculativeDraft';
import { keepStrategyRun } from './strategyRunSaved';
import { strategyPersistOptions } from './strategySaved';
import { DECODINGS, parseUrlParams, type Decoding } from './urlParams';

export type StrategyChoice = 'chain' | Decoding;

export type StrategyProblem =
  | { kind: 'prompt_empty' }
  | { kind: 'too_long'; count: number; limit: number }
  | { kind: 'no_model' }
  /** The speculative draft's vocabulary is not the loaded model's `vocab` tokens. */
  | { kind: 'draft_misfit'; draft: string; vocab: number }
  /** The worker found the draft's tokens not the model's (another tokenizer, or its size). */
  | { kind: 'draft_tokens'; draft: string }
  | { kind: 'failed'; detail: string };

export interface StrategyRun {
  requestId: number;
  /** The model it ran on (its id: `gpt2:q8` is the 8-bit file). */
  modelId: string;
  settings: StrategySettings;
  promptIds: number[];
  status: 'running' | 'done' | 'stopped' | 'failed';
  beamSteps: BeamStep[];
  rounds: JacobiRound[];
  specRounds: SpeculativeRound[];
  /** The draft model's load, while a speculative run waits for it. */
  draftLoad: Omit<EventOf<'draft-progress'>, 'kind' | 'id'> | null;
  outcome: StrategyOutcome | null;
  problem: StrategyProblem | null;
}

/** A run as it starts: nothing received yet (no steps, rounds, draft load or outcome). */
export function startedRun(
  start: Pick<StrategyRun, 'requestId' | 'modelId' | 'settings' | 'promptIds' | 'status'>,
  problem: StrategyProblem | null = null,
): StrategyRun {
  const { requestId, modelId, settings, promptIds, status } = start;
  return {
    requestId,
    modelId,
    settings,
    promptIds,
    status,
    beamSteps: [],
    rounds: [],
    specRounds: [],
    draftLoad: null,
    outcome: null,
    problem,
  };
}

export interface StrategyState {
  choice: StrategyChoice;
  beams: number;
  lengthPenalty: number;
  window: number;
  /** Jacobi guesses from earlier in the text (prompt lookup) rather than a repeated token. */
  lookup: boolean;
  /** Speculative decoding's draft tokens per round. */
  k: number;
  /** Its draft model's id; empty: the loaded model's usual draft (defaultDraftId). */
  draft: string;
  run: StrategyRun | null;
  /** The beam step whose candidates are shown (1-based); null: the newest. */
  selectedStep: number | null;
}

const defaults = (): Omit<StrategyState, 'run' | 'selectedStep'> => ({
  choice: 'chain',
  beams: LIMITS.beams.default,
  lengthPenalty: LIMITS.lengthPenalty.default,
  window: LIMITS.window.default,
  lookup: false,
  k: LIMITS.k.default,
  draft: '',
});

/** The settings a page opens with: the defaults, then the URL's `strategy`, `beams`, … */
export function initialStrategyState(search: string): StrategyState {
  const { overrides } = parseUrlParams(search);
  const base = defaults();
  return {
    choice: overrides.decoding ?? base.choice,
    beams: overrides.beams ?? base.beams,
    lengthPenalty: overrides.lengthPenalty ?? base.lengthPenalty,
    window: overrides.window ?? base.window,
    lookup: overrides.lookup ?? base.lookup,
    k: overrides.k ?? base.k,
    draft: overrides.draft ?? base.draft,
    run: null,
    selectedStep: null,
  };
}

const pageSearch = (): string => (typeof location === 'undefined' ? '' : location.search);

/** Its settings are kept across reloads (strategySaved.ts); the URL's parameters win over them. */
export const useStrategyStore = create<StrategyState>()(
  persist(
    () => initialStrategyState(pageSearch()),
    strategyPersistOptions(pageSearch, initialStrategyState('')),
  ),
);

const { setState } = useStrategyStore;

// The run on screen is kept across reloads, as the settings are (strategyRunSaved.ts).
keepStrategyRun(useStrategyStore);

export function chooseStrategy(choice: StrategyChoice): void {
  if (choice === 'chain' || DECODINGS.includes(choice)) setState({ choice });
}

export type StrategyNumber = 'beams' | 'lengthPenalty' | 'window' | 'k';

/** Sets a number setting as typed; one out of its range is shown as such and blocks a run. */
export function setStrategyNumber(name: StrategyNumber, value: number): void {
  setState({ [name]: value });
}

/** The settings of the chosen strategy that are out of range (the form marks them). */
export function strategyProblems(s: StrategyState): StrategyNumber[] {
  const used = USED[s.choice];
  return used.filter((name) => !within(LIMITS[name], s[name]));
}

/** The number settings each choice reads. */
export const USED: Record<StrategyChoice, StrategyNumber[]> = {
  chain: [],
  beam: ['beams', 'lengthPenalty'],
  jacobi: ['window'],
  speculative: ['k'],
};

/** Chooses speculative decoding's draft model by id; empty: the loaded model's usual draft. */
export function setDraft(draft: string): void {
  setState({ draft });
}

/**
 * The draft a speculative run of `modelId` (of `vocab` tokens, null: not known yet) would use: the
 * chosen one, else the usual one; null when none is known or the chosen one has another
 * vocabulary (pickDraft).
 */
export function draftFor(
  state: StrategyState,
  modelId: string,
  vocab: number | null = knownVocab(modelId),
): string | null {
  const pick = pickDraft(state.draft, modelId, vocab);
  return pick.kind === 'draft' ? pick.id : null;
}

export function setLookup(lookup: boolean): void {
  setState({ lookup });
}

export function selectBeamStep(step: number | null): void {
  setState({ selectedStep: step });
}

/** Changes the run on screen, when it is still the run of `requestId`. */
export function updateStrategyRun(
  requestId: number,
  change: (run: StrategyRun) => Partial<StrategyRun>,
): void {
  setState((s) => (s.run?.requestId === requestId ? { run: { ...s.run, ...change(s.run) } } : {}));
}
