/**
 * What the user does, as functions: each changes the store and, when the model is needed, asks
 * the worker. Data flows one way: action → store → worker request → engine → events → store.
 */
import type { GenerationConfig } from '../engine/generation';
import { modelFromId } from '../engine/modelCatalog';
import type { SamplingParams } from '../engine/sampling';
import { encodeText } from '../engine/tokenizer';
import type { ExecutionPreference, WorkerEvent } from '../worker/protocol';
import { EMPTY_RUN, useAppStore, type AppState, type Settings } from './appStore';
import { parseUrlParams } from './urlParams';
import { EngineClient } from './workerClient';

const { getState, setState } = useAppStore;

const patch = <K extends keyof AppState>(key: K, value: Partial<AppState[K]>): void =>
  setState((s) => ({ [key]: { ...s[key], ...value } }) as Pick<AppState, K>);

/** Routes worker events into the store; events of superseded requests are ignored. */
export function receiveEvent(event: WorkerEvent): void {
  const state = getState();
  const forRun = event.id === state.run.requestId;
  switch (event.kind) {
    case 'progress':
      if (state.model.status === 'loading') patch('model', { progress: { ...event } });
      return;
    case 'ready':
      patch('model', {
        status: 'ready',
        id: event.modelId,
        backend: event.backend,
        threads: event.threads,
        adapter: event.adapter,
        backendNote: event.backendNote,
        shape: event.shape,
        progress: null,
        loadMs: event.loadMs,
        fromCache: event.fromCache,
      });
      return;
    case 'prefill':
      if (forRun) patch('run', { status: 'generating', prefillMs: event.ms });
      return;
    case 'step':
      if (forRun) setState((s) => ({ run: { ...s.run, steps: [...s.run.steps, event.record] } }));
      return;
    case 'paused':
      if (forRun) patch('run', { status: 'paused' });
      return;
    case 'done':
      if (forRun) patch('run', { status: 'done', stopReason: event.reason });
      return;
    case 'error':
      setState({ error: { code: event.code, message: event.message } });
      if (state.model.status === 'loading') patch('model', { status: 'error', progress: null });
      if (forRun && state.run.status !== 'idle') {
        patch('run', { status: state.run.steps.length > 0 ? 'paused' : 'idle' });
      }
      return;
    default: {
      const unknown: never = event;
      console.warn('unknown worker event', unknown);
    }
  }
}

let client: EngineClient | null = null;
const engine = (): EngineClient =>
  (client ??= new EngineClient(receiveEvent, (message) =>
    // The worker is gone with its model: keep the steps, ask for a reload of the model.
    setState((s) => ({
      error: { code: 'worker_crashed', message },
      model: { ...s.model, status: 'none', id: null, progress: null },
    })),
  ));

/** For tests: replace the worker client. */
export function setEngineClient(replacement: EngineClient | null): void {
  client = replacement;
}

function baseHref(): string {
  return new URL(import.meta.env.BASE_URL ?? './', globalThis.location.href).href;
}

/** Loads the chosen model with the chosen backend unless the worker already holds it. */
export async function loadModel(): Promise<boolean> {
  const { settings, model } = getState();
  if (model.status === 'ready' && model.id === settings.modelId && model.ep === settings.ep) {
    return true;
  }
  const spec = modelFromId(settings.modelId);
  if (!spec) {
    setState({ error: { code: 'bad_request', message: `unknown model "${settings.modelId}"` } });
    return false;
  }
  setState((s) => ({
    error: null,
    model: { ...s.model, status: 'loading', id: spec.id, ep: settings.ep, progress: null },
  }));
  const { finished } = engine().send({
    kind: 'load',
    model: spec,
    ep: settings.ep,
    baseHref: baseHref(),
  });
  const last = await finished;
  if (last.kind === 'ready') patch('model', { ep: settings.ep });
  return last.kind === 'ready';
}

function generationConfig(settings: Settings): GenerationConfig {
  return { maxSteps: settings.steps, sampling: settings.sampling, candidateCount: 20 };
}

async function startRun(run: number | 'all'): Promise<void> {
  const { settings } = getState();
  const promptIds = encodeText(settings.prompt);
  if (promptIds.length === 0) {
    setState({ error: { code: 'bad_request', message: 'Type a prompt first.' } });
    return;
  }
  setState({ error: null, run: { ...EMPTY_RUN, status: 'prefilling', promptIds } });
  if (!(await loadModel())) {
    patch('run', { status: 'idle' });
    return;
  }
  const config = generationConfig(settings);
  const { id } = engine().send({ kind: 'generate', promptIds, config, run });
  patch('run', { requestId: id, modelId: settings.modelId, config });
}

/** Generate: a fresh run from the prompt, every step until a stop reason. */
export const generate = (): Promise<void> => startRun('all');

/** Step: exactly one more token — continuing the current run, or starting one. */
export async function stepOnce(): Promise<void> {
  const { run, settings } = getState();
  const resumable = run.status === 'paused' && run.modelId === settings.modelId;
  if (!resumable) return startRun(1);
  const { id } = engine().send({ kind: 'step', run: 1 });
  patch('run', { requestId: id, status: 'generating' });
}

/** Continue: run the paused generation to its end. */
export function resume(): void {
  if (getState().run.status !== 'paused') return;
  const { id } = engine().send({ kind: 'step', run: 'all' });
  patch('run', { requestId: id, status: 'generating' });
}

/** Stop: halt after the step being computed; the run stays and can be continued. */
export function stop(): void {
  engine().send({ kind: 'cancel' });
}

export function editPrompt(prompt: string): void {
  patch('settings', { prompt });
}

export function chooseModel(modelId: string): void {
  patch('settings', { modelId });
}

export function setSteps(steps: number): void {
  if (Number.isInteger(steps) && steps >= 1) patch('settings', { steps });
}

export function setSampling(change: Partial<SamplingParams>): void {
  setState((s) => ({
    settings: { ...s.settings, sampling: { ...s.settings.sampling, ...change } },
  }));
}

export function chooseExecution(ep: ExecutionPreference): void {
  patch('settings', { ep });
}

export function selectStep(step: number | null): void {
  patch('run', { selectedStep: step });
}

export function dismissError(): void {
  setState({ error: null });
}

/** Applies the page's URL parameters; starts the run when `autoplay=1`. */
export function applyUrl(search: string): void {
  const { overrides, invalid } = parseUrlParams(search);
  setState((s) => ({
    settings: {
      ...s.settings,
      modelId: overrides.modelId ?? s.settings.modelId,
      prompt: overrides.prompt ?? s.settings.prompt,
      steps: overrides.steps ?? s.settings.steps,
      ep: overrides.ep ?? s.settings.ep,
      lang: overrides.lang ?? s.settings.lang,
      sampling: {
        strategy: overrides.strategy ?? s.settings.sampling.strategy,
        temperature: overrides.temperature ?? s.settings.sampling.temperature,
        topK: overrides.topK ?? s.settings.sampling.topK,
        topP: overrides.topP ?? s.settings.sampling.topP,
        seed: overrides.seed ?? s.settings.sampling.seed,
      },
    },
    notices: invalid.map(
      (i) => `Ignored URL parameter ${i.name}="${i.value}": expected ${i.reason}.`,
    ),
  }));
  if (overrides.autoplay) void generate();
}
