/**
 * What the user does with the inspection views: look inside the shown step, and pick a head
 * whose full attention map a long context did not send yet.
 */
import type { InspectFocus } from '../engine/inspect';
import { inspectFailureKind } from '../engine/inspectFailure';
import { activeRun, shownStep, useAppStore } from './appStore';
import { send } from './engineConnection';
import { inspectKey, stepContext, useInspectStore, type InspectionEntry } from './inspections';

/** The shown step's inspection key, or null when no step of a run is shown. */
export function shownInspectKey(): string | null {
  const state = useAppStore.getState();
  const run = activeRun(state);
  const step = shownStep(state);
  return run && step !== null ? inspectKey(run.id, step) : null;
}

/** Whether the loaded model is the one the shown run was made with (inspecting needs it). */
export function canInspectShown(): boolean {
  const state = useAppStore.getState();
  const run = activeRun(state);
  return run !== null && state.model.status === 'ready' && state.model.id === run.modelId;
}

function request(key: string, ids: number[], focus: InspectFocus, everyPosition: boolean): void {
  const { entries } = useInspectStore.getState();
  const keep: InspectionEntry | undefined = entries[key];
  const { id, finished } = send({ kind: 'inspect', ids, focus, everyPosition });
  useInspectStore.setState((s) => ({
    pending: { requestId: id, key },
    // A finished entry stays shown while a missing map is fetched for it.
    entries: keep?.status === 'done' ? s.entries : { ...s.entries, [key]: { status: 'loading' } },
  }));
  void finished.then((event) => {
    // A crashed worker ends the request with an error instead of an answer, and sent no reason:
    // the browser's words for the crash tell it (a worker out of memory is the likely one).
    if (event.kind !== 'error' || useInspectStore.getState().pending?.requestId !== id) return;
    const reason = inspectFailureKind(event.message);
    const failed: InspectionEntry = { status: 'failed', reason, message: event.message };
    useInspectStore.setState((s) => ({ pending: null, entries: { ...s.entries, [key]: failed } }));
  });
}

/** "Look inside this step": opens the panel for the shown step, running the pass if needed. */
export function lookInside(focus: InspectFocus = { layer: 0, head: 0 }): void {
  const state = useAppStore.getState();
  const run = activeRun(state);
  const step = shownStep(state);
  if (!run || step === null) return;
  const key = inspectKey(run.id, step);
  useInspectStore.setState({ open: key });
  const entry = useInspectStore.getState().entries[key];
  if (entry?.status === 'done' || entry?.status === 'missing') return;
  if (!canInspectShown()) return;
  // The prefill (step 0) shows the prediction after each prompt token.
  request(key, stepContext(run, step), focus, step === 0);
}

/** Asks for one head's full map when the shown inspection lacks it (long contexts). */
export function wantAttentionMap(focus: InspectFocus): void {
  const key = shownInspectKey();
  if (!key) return;
  const entry = useInspectStore.getState().entries[key];
  if (entry?.status !== 'done') return;
  const has = entry.inspection.grids.some((g) => g.layer === focus.layer && g.head === focus.head);
  const { pending } = useInspectStore.getState();
  if (has || pending?.key === key || !canInspectShown()) return;
  const run = activeRun(useAppStore.getState());
  const step = shownStep(useAppStore.getState());
  if (run && step !== null) request(key, stepContext(run, step), focus, step === 0);
}

/** Closes the inspection panel (its results stay cached for the step). */
export function closeInspection(): void {
  useInspectStore.setState({ open: null });
}
