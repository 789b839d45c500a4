/**
 * The strategy run's actions: Run (the chosen strategy on the form's prompt and step count, then
 * greedy decoding of the same prompt for comparison) and Stop. What the worker answers is taken
 * by receiveStrategyEvent (strategyEvents.ts).
 */
import { modelFromId } from '../engine/modelCatalog';
import { draftFits } from '../engine/strategies/draftModels';
import type { StrategySettings } from '../worker/protocol';
import { useAppStore } from './appStore';
import { formPromptIds, loadModel } from './engineActions';
import { send } from './engineConnection';
import { contextLimit } from './promptCheck';
import { targetVocab } from './speculativeDraft';
import { speculativeSampling } from './speculativeSampling';
import {
  draftFor,
  startedRun,
  strategyProblems,
  updateStrategyRun,
  useStrategyStore,
  type StrategyProblem,
} from './strategyStore';
import { knownVocabulary } from './vocabularies';

const { getState, setState } = useStrategyStore;

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
    run: startedRun({
      requestId: id,
      modelId: settings.modelId,
      settings: strategySettings,
      promptIds,
      status: 'running',
    }),
  });
  const last = await finished;
  if (last.kind === 'error') {
    const problem: StrategyProblem =
      last.code === 'draft_misfit' && strategySettings.strategy === 'speculative'
        ? { kind: 'draft_tokens', draft: strategySettings.draft.id }
        : { kind: 'failed', detail: last.message };
    updateStrategyRun(id, () => ({ status: 'failed', problem }));
  } else if (last.kind !== 'strategy-done') {
    updateStrategyRun(id, () => ({ status: 'stopped' }));
  }
}

function showProblem(settings: StrategySettings, problem: StrategyProblem): void {
  const { modelId } = useAppStore.getState().settings;
  setState({
    selectedStep: null,
    run: startedRun({ requestId: -1, modelId, settings, promptIds: [], status: 'failed' }, problem),
  });
}

/** Stop: the worker ends the run between two steps (or rounds); the page keeps what came. */
export function stopStrategy(): void {
  if (getState().run?.status !== 'running') return;
  send({ kind: 'cancel' });
}
