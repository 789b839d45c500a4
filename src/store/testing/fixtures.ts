/**
 * Shared stand-ins for the store's unit tests: a step record and a candidate, a run (and making it the active one),
 * the worker's `ready` event, and a worker that records requests and answers on demand (with an
 * installer that points the store's engine client at it). Test-only; nothing in the app imports it.
 */
import { vi } from 'vitest';
import type { CandidateView, StepRecord } from '../../engine/generation';
import { TINY_GPT2 } from '../../engine/modelShape';
import { DEFAULT_SAMPLING } from '../../engine/sampling';
import { viewToken } from '../../engine/tokenizer';
import type { WorkerEvent, WorkerRequest } from '../../worker/protocol';
import { setEngineClient } from '../engineConnection';
import { receiveEvent } from '../receiveEvent';
import { useAppStore, type AppState } from '../appStore';
import { createRun, type Run } from '../run';
import { EngineClient, type WorkerLike } from '../workerClient';

/** Step `step` of a run after a 4-token prompt ("Once upon a time"), choosing `tokenId`. */
export const stepRecord = (step: number, tokenId = 262): StepRecord => ({
  step,
  tokenId,
  token: viewToken(tokenId),
  contextLength: 3 + step,
  candidates: [],
  entropy: 1,
  eligibleCount: 1,
  chosenProb: 0.5,
  temperature: 1,
  forced: false,
  modelMs: 1,
  totalMs: 2,
});

/** A candidate with probability `prob` (at T=1 too, and as its logit); eligible, sum 0. */
export const candidateView = (id: number, prob: number): CandidateView => ({
  id,
  token: viewToken(id),
  prob,
  probAtT1: prob,
  logit: prob,
  cumulative: 0,
  eligible: true,
});

/** A run of "Once upon a time" on tiny-gpt2 with no steps yet; `fields` override any part. */
export const runRecord = (fields: Partial<Run> = {}): Run =>
  createRun({
    id: 'run-a',
    createdAt: 0,
    modelId: 'tiny-gpt2',
    backend: 'wasm',
    prompt: 'Once upon a time',
    promptIds: [7454, 2402, 257, 640],
    config: { maxSteps: 4, sampling: DEFAULT_SAMPLING, candidateCount: 20 },
    ...fields,
  });

/** The worker's answer to a load request: tiny-gpt2's shape on WASM. */
export const readyEvent = (
  id: number,
  modelId = 'tiny-gpt2',
): Extract<WorkerEvent, { kind: 'ready' }> => ({
  kind: 'ready',
  id,
  modelId,
  shape: TINY_GPT2,
  backend: 'wasm',
  threads: 2,
  adapter: null,
  backendNote: { key: 'backendWasmRequested' },
  fromCache: false,
  loadMs: 12,
});

/** A worker that keeps what it was sent and answers only when a test tells it to. */
export class FakeWorker implements WorkerLike {
  readonly sent: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;

  postMessage(message: WorkerRequest): void {
    this.sent.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  emit(event: WorkerEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<WorkerEvent>);
  }

  /** Answers the newest request (of `kind`, when given) with `event(its id)`. */
  answer(event: (id: number) => WorkerEvent, kind?: WorkerRequest['kind']): void {
    const request = this.sent.filter((r) => kind === undefined || r.kind === kind).at(-1);
    if (!request) throw new Error(`no ${kind ?? ''} request to answer`);
    this.emit(event(request.id));
  }

  /** What a browser does when the worker throws or fails to start. */
  crash(message: string): { preventDefault: () => void } {
    const event = { message, preventDefault: vi.fn() };
    this.onerror?.(event as unknown as ErrorEvent);
    return event;
  }
}

/** A run of the default prompt, active, with the model ready; `live` says what the worker holds. */
export function withRun(fields: Partial<Run> = {}, live: Partial<AppState['live']> = {}): Run {
  const run = runRecord(fields);
  useAppStore.setState((s) => ({
    runs: [run],
    activeRunId: run.id,
    model: { ...s.model, status: 'ready', id: 'tiny-gpt2', ep: 'auto', backend: 'wasm' },
    live: { runId: run.id, requestId: 7, busy: false, ...live },
  }));
  return run;
}

/** Points the store's engine client at a new FakeWorker (events go to the store) and returns it. */
export function installFakeWorker(): FakeWorker {
  const worker = new FakeWorker();
  setEngineClient(
    new EngineClient(
      receiveEvent,
      () => undefined,
      () => worker,
    ),
  );
  return worker;
}

/** Lets awaited promises and the code after them run. */
export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
