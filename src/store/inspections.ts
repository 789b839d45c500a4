/**
 * Inspection passes the user asked for, by run and step: a small store of its own, so the decode
 * loop's state never waits on one. Only inspectActions.ts and receiveInspected change it.
 */
import { create } from 'zustand';
import type { AttentionGrid, Inspection } from '../engine/inspect';
import type { InspectFailureKind } from '../engine/inspectFailure';
import type { Run } from './run';
import type { WorkerEvent } from '../worker/protocol';

export type InspectionEntry =
  | { status: 'loading' }
  | { status: 'done'; inspection: Inspection; ms: number }
  /** The model folder has no `onnx/model_inspect.onnx`. */
  | { status: 'missing' }
  /** `reason` as the worker classified the failure (`inspect-failed`'s `data-reason`). */
  | { status: 'failed'; reason: InspectFailureKind; message: string };

export interface InspectState {
  /** The (run, step) whose panel is open; the panel shows only while that step is shown. */
  open: string | null;
  entries: Record<string, InspectionEntry>;
  /** The request in flight and the entry it fills; a newer request replaces it. */
  pending: { requestId: number; key: string } | null;
}

export const useInspectStore = create<InspectState>(() => ({
  open: null,
  entries: {},
  pending: null,
}));

export const inspectKey = (runId: string, step: number): string => `${runId}#${step}`;

/**
 * The tokens step `step` read (its whole context): the prompt and the tokens chosen before it.
 * Step 0, the prefill, read the prompt; its last position predicts step 1.
 */
export function stepContext(run: Run, step: number): number[] {
  const read = [
    ...run.promptIds,
    ...run.steps.slice(0, Math.max(0, step - 1)).map((s) => s.tokenId),
  ];
  const length = step >= 1 ? run.steps[step - 1].contextLength : read.length;
  return read.slice(read.length - length);
}

/** A finished inspection with a newer one's attention maps added (long contexts send one). */
function merged(old: InspectionEntry | undefined, next: Inspection): Inspection {
  if (old?.status !== 'done') return next;
  const has = (g: AttentionGrid): boolean =>
    next.grids.some((n) => n.layer === g.layer && n.head === g.head);
  return { ...next, grids: [...next.grids, ...old.inspection.grids.filter((g) => !has(g))] };
}

/** Records the worker's answer to the pending request; answers to older requests are dropped. */
export function receiveInspected(event: Extract<WorkerEvent, { kind: 'inspected' }>): void {
  const { pending, entries } = useInspectStore.getState();
  if (!pending || pending.requestId !== event.id) return;
  const { outcome } = event;
  if (outcome.kind === 'superseded') return;
  const entry: InspectionEntry =
    outcome.kind === 'done'
      ? {
          status: 'done',
          inspection: merged(entries[pending.key], outcome.inspection),
          ms: outcome.ms,
        }
      : outcome.kind === 'missing'
        ? { status: 'missing' }
        : { status: 'failed', reason: outcome.reason, message: outcome.message };
  useInspectStore.setState((s) => ({
    pending: null,
    entries: { ...s.entries, [pending.key]: entry },
  }));
}
