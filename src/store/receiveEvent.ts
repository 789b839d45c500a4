/**
 * Worker events into the store: steps are batched per frame and share the vocabulary's token
 * views; every other event is applied at once. Events of superseded requests are ignored.
 */
import type { StepRecord } from '../engine/generation';
import type { WorkerEvent } from '../worker/protocol';
import { useAppStore } from './appStore';
import { createFrameBatch } from './frameBatch';
import { REDRAW_MS } from './redrawInterval';
import { receiveInspected } from './inspections';
import { setLive, updateRun } from './storeWrites';
import { fallbackChange, withBackendFailure, workerError } from './faults';
import { receiveStrategyEvent } from './strategyEvents';
import { holdVocabulary, vocabularyOf } from './vocabularies';
import type { Vocabulary } from '../engine/vocabulary/types';

const { getState, setState } = useAppStore;

interface ArrivedStep {
  runId: string | null;
  record: StepRecord;
}

/**
 * A step as it arrived from the worker carries its own copies of 21 token views (labels and
 * bytes); the vocabulary's views are fixed, so the kept step points at the one shared view per
 * id instead (adopting the arrived one the first time an id is seen, see adoptView): about a
 * third less memory per step.
 */
function withSharedViews(record: StepRecord, vocab: Vocabulary): StepRecord {
  return {
    ...record,
    token: vocab.adoptView(record.tokenId, record.token),
    candidates: record.candidates.map((c) => ({ ...c, token: vocab.adoptView(c.id, c.token) })),
  };
}

/**
 * Holds the loaded model's vocabulary before the page counts it ready (its first run reads it).
 * A tokenizer the page cannot read fails the load as the worker's refusal would have.
 */
function holdLoadedVocabulary(event: Extract<WorkerEvent, { kind: 'ready' }>): boolean {
  try {
    holdVocabulary(event.modelId, event.tokenizer);
    return true;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    setState((s) => ({
      error: workerError('bad_tokenizer', detail),
      model: { ...s.model, status: 'error', progress: null },
    }));
    setLive({ busy: false });
    return false;
  }
}

/** Appends arrived steps to their runs in one store update; never duplicates a recorded step. */
function appendSteps(arrived: ArrivedStep[]): void {
  const backend = getState().model.backend;
  const runIds = new Set(arrived.map((a) => a.runId));
  setState((s) => ({
    runs: s.runs.map((run) => {
      if (!runIds.has(run.id)) return run;
      const mine = arrived.filter((a) => a.runId === run.id);
      const steps = [...run.steps];
      // The worker numbers steps; anything already recorded is never duplicated.
      for (const { record } of mine) if (record.step === steps.length + 1) steps.push(record);
      return { ...run, steps, backend };
    }),
  }));
}

/**
 * Steps wait here for the next frame, and at least REDRAW_MS after the last batch: however fast
 * the model is, the views render about four times a second while a run is generated, together
 * with the throttled views (see redrawInterval.ts and frameBatch.ts).
 */
const arrivedSteps = createFrameBatch(appendSteps, { minIntervalMs: REDRAW_MS });

/** Puts every step that arrived into the store now (tests; anything that must see them at once). */
export const flushArrivedSteps = (): void => arrivedSteps.flush();

/**
 * Routes worker events into the store; events of superseded requests are ignored. The request
 * the page follows (`live.requestId`) is the load while a model loads, then the run's request.
 */
export function receiveEvent(event: WorkerEvent): void {
  // Beam search and Jacobi decoding have their own store (strategyStore.ts).
  if (receiveStrategyEvent(event)) return;
  // Any other event (paused, done, error…) comes after the steps before it: store those first.
  if (event.kind !== 'step') arrivedSteps.flush();
  const state = getState();
  const { live } = state;
  const current = event.id === live.requestId;
  switch (event.kind) {
    case 'progress':
      if (state.model.status === 'loading') {
        setState((s) => ({ model: { ...s.model, progress: { ...event } } }));
      }
      return;
    case 'ready':
      if (!holdLoadedVocabulary(event)) return;
      setState((s) => ({
        model: {
          ...s.model,
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
        },
        notices: withBackendFailure(s.notices, event.backendNote),
      }));
      return;
    case 'prefill':
      if (current) updateRun(live.runId, (r) => ({ prefillMs: r.prefillMs ?? event.ms }));
      return;
    case 'step':
      if (current) {
        // The live run's model is the one loaded: its vocabulary views the step.
        const record = withSharedViews(event.record, vocabularyOf(state.model.id));
        arrivedSteps.push({ runId: live.runId, record });
      }
      return;
    case 'fallback':
      setState((s) => fallbackChange(s, event));
      return;
    case 'paused':
      if (current) setLive({ busy: false });
      return;
    case 'done':
      if (current) {
        updateRun(live.runId, () => ({ stopReason: event.reason }));
        setLive({ busy: false });
      }
      return;
    case 'error':
      // A superseded request's failure is no longer the user's concern.
      if (!current) return;
      setState({ error: workerError(event.code, event.message) });
      if (state.model.status === 'loading') {
        setState((s) => ({ model: { ...s.model, status: 'error', progress: null } }));
      }
      setLive({ busy: false });
      return;
    case 'inspected':
      receiveInspected(event);
      return;
    case 'cancelled':
      // Stop during a download: not a failure. The worker let go of its model before the
      // download, so none is loaded; the next Generate loads again.
      if (!current) return;
      if (state.model.status === 'loading') {
        setState((s) => ({ model: { ...s.model, status: 'none', id: null, progress: null } }));
      }
      setLive({ busy: false });
      return;
    case 'beam-step':
    case 'jacobi-round':
    case 'draft-progress':
    case 'spec-round':
    case 'strategy-done':
      return; // taken by receiveStrategyEvent above
    default: {
      const unknown: never = event;
      console.warn('unknown worker event', unknown);
    }
  }
}
