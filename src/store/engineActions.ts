/**
 * What the user asks of the model, as functions: load, Generate, Step, Continue, Stop, and
 * branching at a candidate. Data flows one way: action → store → worker request → engine →
 * events → store (receiveEvent) → views.
 */
import type { GenerationConfig } from '../engine/generation';
import { activeRun, useAppStore } from './appStore';
import { send } from './engineConnection';
import { specWithSource } from './modelSource';
import { checkPrompt, contextLimit } from './promptCheck';
import { createRun, type Run } from './run';
import { settingProblems } from './settingsCheck';
import { settingsDiffer, withRunSettings } from './shownSettings';
import { badRequest } from './faults';
import { setLive, updateRun } from './storeWrites';
import { afterRemoval } from './runRemoval';
import { findVocabulary, knownVocabulary, vocabularyOf } from './vocabularies';
import { modelPrompt } from './chatPrompt';

const { getState, setState } = useAppStore;

function baseHref(): string {
  return new URL(import.meta.env.BASE_URL ?? './', globalThis.location.href).href;
}

/** Loads a model with the chosen backend unless the worker already holds it. */
export async function loadModel(modelId = getState().settings.modelId): Promise<boolean> {
  const { settings, model } = getState();
  if (model.status === 'ready' && model.id === modelId && model.ep === settings.ep) return true;
  const spec = specWithSource(modelId);
  if (!spec) {
    setState({ error: badRequest('errorUnknownModel', { id: modelId }) });
    return false;
  }
  setState((s) => ({
    error: null,
    model: { ...s.model, status: 'loading', id: spec.id, ep: settings.ep, progress: null },
    live: { ...s.live, runId: null },
  }));
  const { id, finished } = send({
    kind: 'load',
    model: spec,
    ep: settings.ep,
    baseHref: baseHref(),
  });
  setLive({ requestId: id });
  // A `ready` whose tokenizer the page could not read left the model in error (receiveEvent.ts).
  return (await finished).kind === 'ready' && getState().model.status === 'ready';
}

function isBusy(): boolean {
  const { live, model } = getState();
  return live.busy || model.status === 'loading';
}

/** Stop presses so far: a run whose model was loading when one came does not start. */
let stopsPressed = 0;

/**
 * Starts the worker on `run`: a fresh prefill of its prompt and recorded steps, then `count`
 * new steps (the first one forced when `forcedTokenId` is given).
 */
async function startGeneration(run: Run, count: number | 'all', forcedTokenId?: number) {
  setLive({ runId: run.id, requestId: null, busy: true });
  const stopsBefore = stopsPressed;
  // Stop pressed while the model loaded (a load past its download ends `ready`) ends this
  // start as a cancelled load would: the run does not start.
  if (!(await loadModel(run.modelId)) || stopsPressed !== stopsBefore) {
    setLive({ busy: false });
    dropIfEmpty(run.id);
    return null;
  }
  const { id, finished } = send({
    kind: 'generate',
    promptIds: run.promptIds,
    history: run.steps.map((s) => s.tokenId),
    forcedTokenId,
    config: run.config,
    run: count,
  });
  setLive({ runId: run.id, requestId: id, busy: true });
  return finished;
}

/** A run whose model failed to load before its first step is no run: it leaves the list. */
function dropIfEmpty(runId: string): void {
  setState((s) => {
    if (s.runs.find((r) => r.id === runId)?.steps.length !== 0) return {};
    const runs = s.runs.filter((r) => r.id !== runId);
    return afterRemoval(s, runs, (id) => id === runId);
  });
}

function newRun(fields: Parameters<typeof createRun>[0]) {
  const run = createRun(fields);
  setState((s) => ({
    runs: [...s.runs, run],
    activeRunId: run.id,
    playback: { ...s.playback, step: null },
    error: null,
  }));
  return run;
}

function runFromSettings(): Run | null {
  const { settings, model } = getState();
  // The form disables Generate while a setting is out of range: no run ever starts with one.
  if (settingProblems(settings).length > 0) {
    setState({ error: badRequest('settingsInvalid') });
    return null;
  }
  const limit = contextLimit(settings.modelId, model.id === settings.modelId ? model.shape : null);
  // The selected model's own vocabulary (readyToEncode made sure it is known), with what its
  // tokenizer puts before a text (Llama 2's `<s>`; nothing for GPT-2, Qwen2 or SmolLM2).
  // A chat model's prompt goes through its chat template unless the chat setting is off.
  const vocab = vocabularyOf(settings.modelId);
  const check = checkPrompt(formPromptIds(settings), limit, settings.keepRecent, settings.steps);
  if (!check.ok) {
    setState({
      error:
        check.reason === 'empty'
          ? badRequest('promptEmpty')
          : badRequest('promptTooLong', { n: check.count, limit: check.limit }),
    });
    return null;
  }
  const promptIds = check.ids;
  const config: GenerationConfig = {
    maxSteps: settings.steps,
    sampling: settings.sampling,
    candidateCount: 20,
  };
  if (!settings.cache) config.cache = false;
  const prompt = check.truncatedFrom === null ? settings.prompt : vocab.decode(promptIds);
  return newRun({ prompt, promptIds, config, modelId: settings.modelId });
}

/**
 * The ids the model `modelId` reads for the form's `prompt`: encoded by its own vocabulary, through
 * its chat template when the chat setting is on (chatPrompt.ts). A chain run and a strategy run
 * (strategyStore.ts) read the same ids; the caller makes sure the vocabulary is known.
 */
export function formPromptIds(settings: { modelId: string; prompt: string }): number[] {
  return modelPrompt(vocabularyOf(settings.modelId), settings.prompt).ids;
}

/**
 * Whether the selected model's vocabulary is known, so that its prompt can be encoded: at once
 * for GPT-2's family and a model loaded before; else read from the files a former load cached;
 * else the model is loaded first (its `ready` brings its tokenizer).
 */
export async function readyToEncode(): Promise<boolean> {
  const { modelId } = getState().settings;
  if (knownVocabulary(modelId) || (await findVocabulary(modelId, baseHref()))) return true;
  return loadModel(modelId);
}

/** Generate: a new run from the prompt and settings, every step until a stop reason. */
export async function generate(): Promise<void> {
  if (isBusy()) return;
  if (!knownVocabulary(getState().settings.modelId) && !(await readyToEncode())) return;
  const run = runFromSettings();
  if (run) await startGeneration(run, 'all');
}

/**
 * Step: exactly one more token from the model for the active run (past its step budget if
 * need be); a new one-step run from the settings when there is none, it cannot go on, or the
 * settings differ from it (shownSettings.ts). Resolves when the step arrived.
 */
export async function stepOnce(): Promise<void> {
  if (isBusy()) return;
  const state = getState();
  let run = activeRun(state);
  const cannotContinue =
    !run || run.stopReason === 'eos' || run.stopReason === 'context_limit' || settingsDiffer(state);
  if (!run || cannotContinue) {
    if (!knownVocabulary(state.settings.modelId) && !(await readyToEncode())) return;
    run = runFromSettings();
    if (!run) return;
    await startGeneration(run, 1);
    return;
  }
  const maxSteps = Math.max(run.config.maxSteps, run.steps.length + 1);
  if (maxSteps !== run.config.maxSteps || run.stopReason) {
    updateRun(run.id, (r) => ({ config: { ...r.config, maxSteps }, stopReason: null }));
  }
  await continueRun(run.id, 1, maxSteps);
}

/**
 * Continue: run the active, unfinished run to its end, with its own settings: so not while the
 * settings differ from it (they would be silently ignored).
 */
export async function resume(): Promise<void> {
  const run = activeRun(getState());
  if (!run || run.stopReason || isBusy() || settingsDiffer(getState())) return;
  await continueRun(run.id, 'all', run.config.maxSteps);
}

async function continueRun(runId: string, count: number | 'all', maxSteps: number) {
  const { live, model } = getState();
  const run = getState().runs.find((r) => r.id === runId)!;
  setState((s) => ({ playback: { ...s.playback, step: null }, error: null }));
  // The worker still holds this run's generation: one cheap `step`. Otherwise rebuild it.
  if (live.runId === runId && model.status === 'ready' && model.id === run.modelId) {
    setLive({ busy: true });
    const { id, finished } = send({ kind: 'step', run: count, maxSteps });
    setLive({ requestId: id });
    await finished;
  } else {
    await startGeneration({ ...run, config: { ...run.config, maxSteps } }, count);
  }
}

/** Stop: halt after the step being computed (or the download); the run can be continued. */
export function stop(): void {
  stopsPressed++;
  send({ kind: 'cancel' });
}

/**
 * "What if": a new run that keeps the active run's steps before `step`, forces `tokenId` there,
 * and continues from it. The original run stays in the run list and becomes the comparison.
 */
export async function branchAt(step: number, tokenId: number): Promise<void> {
  const parent = activeRun(getState());
  if (!parent || isBusy() || step < 1 || step > parent.steps.length + 1) return;
  // Forcing the token the run already chose there would only make a copy of it.
  if (parent.steps[step - 1]?.tokenId === tokenId) return;
  const run = newRun({
    prompt: parent.prompt,
    promptIds: parent.promptIds,
    config: parent.config,
    modelId: parent.modelId,
    steps: parent.steps.slice(0, step - 1),
    parent: { runId: parent.id, step, tokenId },
  });
  // The branch is the run on screen now: the panel shows its settings (its parent's), and the
  // forced step stays shown (once it arrives) while the steps after it come in.
  setState((s) => ({
    compareRunId: parent.id,
    settings: withRunSettings(s.settings, run),
    playback: { step, playing: false },
  }));
  await startGeneration(run, 'all', tokenId);
}
