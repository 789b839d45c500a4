/**
 * A run: one generation the user made (or imported), with every step it recorded. Runs are the
 * user's work — persisted, exported, compared and branched — so the type is plain data.
 */
import type { GenerationConfig, StepRecord, StopReason } from '../engine/generation';
import type { Backend } from '../worker/protocol';

export interface Run {
  id: string;
  /** Milliseconds since the epoch, for ordering and labels. */
  createdAt: number;
  modelId: string;
  /** The backend that computed it; null when imported from a file. */
  backend: Backend | null;
  prompt: string;
  promptIds: number[];
  config: GenerationConfig;
  steps: StepRecord[];
  /** Why generation ended; null while it can still continue. */
  stopReason: StopReason | null;
  prefillMs: number | null;
  /** The run and step this one branched from by forcing a token ("what if"). */
  parent: { runId: string; step: number; tokenId: number } | null;
  /** Came from an exported file: replays without a model. */
  imported: boolean;
}

let counter = 0;

export function newRunId(now: number = Date.now()): string {
  counter = (counter + 1) % 1296;
  return `run-${now.toString(36)}-${counter.toString(36).padStart(2, '0')}`;
}

/** A run with nothing recorded yet: what it was asked to do, plus any other fields given. */
export function createRun(
  fields: Partial<Run> & Pick<Run, 'prompt' | 'promptIds' | 'config' | 'modelId'>,
): Run {
  return {
    id: fields.id ?? newRunId(),
    createdAt: fields.createdAt ?? Date.now(),
    backend: null,
    steps: [],
    stopReason: null,
    prefillMs: null,
    parent: null,
    imported: false,
    ...fields,
  };
}

/** First step where two runs chose different tokens, or null when one is a prefix of the other. */
export function firstDivergence(a: Run, b: Run): number | null {
  if (a.promptIds.join(',') !== b.promptIds.join(',')) return 0;
  const n = Math.min(a.steps.length, b.steps.length);
  for (let i = 0; i < n; i++) if (a.steps[i].tokenId !== b.steps[i].tokenId) return i + 1;
  return null;
}
