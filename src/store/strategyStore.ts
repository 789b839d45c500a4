/**
 * Beam search, Jacobi and speculative decoding on the page: the strategy chosen (the chain of single steps, the
 * app's usual run, is `chain`), its settings, and the strategy run on screen, built from the
 * worker's events. Runs go UI action → runStrategy → worker `strategy` request → events →
 * receiveStrategyEvent → this store → the views in components/strategies.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { LIMITS, within } from '../engine/limits';
import type { BeamStep } from '../engine/strategies/beamRecord';
import type { JacobiRound } from '../engine/strategies/jacobi';
import type { SpeculativeRound } from '../engine/strategies/speculative';
import { draftFits, knownVocab } from '../engine/strategies/draftModels';
import { modelFromId } from '../engine/modelCatalog';
import type { EventOf, StrategyOutcome, StrategySettings, WorkerEvent } from '../worker/protocol';
import { useAppStore } from './appStore';
import { send } from './engineConnection';
import { formPromptIds, loadModel } from './engineActions';
import { knownVocabulary } from './vocabularies';
import { contextLimit } from './promptCheck';
import { pickDraft, targetVocab } from './speculativeDraft';
import { speculativeSampling } from './speculativeSampling';
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

const { getState, setState } = useStrategyStore;

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

const updateRun = (requestId: number, change: (run: StrategyRun) => Partial<StrategyRun>) =>
  setState((s) => (s.run?.requestId === requestId ? { run: { ...s.run, ...change(s.run) } } : {}));

/**
 * Runs the chosen strategy on the settings form's prompt and step count with the loaded model
 * (loading it first when needed), then greedy decoding of the same prompt for comparison.
 */
export async function runStrategy(): Promise<void> {
  const { choice, beams, lengthPenalty, window, lookup, k } = getState();
  if (choice === 'chain' || getState().run?.status === 'running') return;
  if (strategyProblems(getState()).length > 0) return;
  const { settings } = useAppStore.getState();
  const maxTokens = settings.steps;
  const vocab = () => targetVocab(useAppStore.getState(), settings.modelId);
  const draft = modelFromId(draftFor(getState(), settings.modelId, vocab()) ?? '');
  // Speculative decoding samples as the form's chain run would: its temperature and seed.
  const sampling = speculativeSampling(settings.sampling);
  const strategySettings: StrategySettings | null =
    choice === 'beam'
      ? { strategy: 'beam', beams, maxSteps: maxTokens, lengthPenalty }
      : choice === 'jacobi'
        ? { strategy: 'jacobi', window, maxTokens, promptLookup: lookup }
        : draft && { strategy: 'speculative', k, maxTokens, draft, ...(sampling && { sampling }) };
  // Without a draft (none known for the model, or one of another vocabulary chosen) the Run
  // button is disabled and the form says why.
  if (!strategySettings) return;
  // The prompt is the model's own ids, as a chain run reads it (formPromptIds: its vocabulary,
  // its chat template when chat is on). A model whose vocabulary is not known yet (a Hub model
  // not loaded before) brings it with its load.
  const empty = () => showProblem(strategySettings, { kind: 'prompt_empty' });
  if (knownVocabulary(settings.modelId) && formPromptIds(settings).length === 0) return empty();
  if (!(await loadModel())) return void showProblem(strategySettings, { kind: 'no_model' });
  const promptIds = formPromptIds(settings);
  if (promptIds.length === 0) return empty();
  // The loaded model's vocabulary is known now: a draft of another one is refused before its
  // download rather than after.
  const loadedVocab = vocab();
  if (strategySettings.strategy === 'speculative' && loadedVocab !== null) {
    const { id } = strategySettings.draft;
    if (!draftFits(id, loadedVocab)) {
      return void showProblem(strategySettings, {
        kind: 'draft_misfit',
        draft: id,
        vocab: loadedVocab,
      });
    }
  }
  const { model } = useAppStore.getState();
  const limit = contextLimit(settings.modelId, model.shape);
  if (promptIds.length + settings.steps > limit) {
    const count = promptIds.length + settings.steps;
    return void showProblem(strategySettings, { kind: 'too_long', count, limit });
  }
  // The worker's decoder is taken over: the chain's run there cannot be continued with one step,
  // so the page forgets it holds one (Step rebuilds it from the run's tokens).
  useAppStore.setState({ live: { runId: null, requestId: null, busy: false } });
  const { id, finished } = send({
    kind: 'strategy',
    promptIds,
    settings: strategySettings,
    compareGreedy: true,
  });
  setState({
    selectedStep: null,
    run: {
      requestId: id,
      modelId: settings.modelId,
      settings: strategySettings,
      promptIds,
      status: 'running',
      beamSteps: [],
      rounds: [],
      specRounds: [],
      draftLoad: null,
      outcome: null,
      problem: null,
    },
  });
  const last = await finished;
  if (last.kind === 'error') {
    const problem: StrategyProblem =
      last.code === 'draft_misfit' && strategySettings.strategy === 'speculative'
        ? { kind: 'draft_tokens', draft: strategySettings.draft.id }
        : { kind: 'failed', detail: last.message };
    updateRun(id, () => ({ status: 'failed', problem }));
  } else if (last.kind !== 'strategy-done') {
    updateRun(id, () => ({ status: 'stopped' }));
  }
}

function showProblem(settings: StrategySettings, problem: StrategyProblem): void {
  setState({
    selectedStep: null,
    run: {
      requestId: -1,
      modelId: useAppStore.getState().settings.modelId,
      settings,
      promptIds: [],
      status: 'failed',
      beamSteps: [],
      rounds: [],
      specRounds: [],
      draftLoad: null,
      outcome: null,
      problem,
    },
  });
}

/** Stop: the worker ends the run between two steps (or rounds); the page keeps what came. */
export function stopStrategy(): void {
  if (getState().run?.status !== 'running') return;
  send({ kind: 'cancel' });
}

/** Takes the worker's strategy events; false for every other event. */
export function receiveStrategyEvent(event: WorkerEvent): boolean {
  switch (event.kind) {
    case 'beam-step':
      updateRun(event.id, (r) => ({ beamSteps: [...r.beamSteps, event.step] }));
      return true;
    case 'jacobi-round':
      updateRun(event.id, (r) => ({ rounds: [...r.rounds, event.round] }));
      return true;
    case 'draft-progress': {
      const { modelId, phase, loaded, total } = event;
      updateRun(event.id, () => ({ draftLoad: { modelId, phase, loaded, total } }));
      return true;
    }
    case 'spec-round':
      updateRun(event.id, (r) => ({ specRounds: [...r.specRounds, event.round], draftLoad: null }));
      return true;
    case 'strategy-done': {
      const { outcome } = event;
      const stopped = 'stopReason' in outcome && outcome.stopReason === 'stopped';
      const status = stopped ? 'stopped' : 'done';
      updateRun(event.id, () => ({ outcome, status, draftLoad: null }));
      return true;
    }
    default:
      return false;
  }
}
