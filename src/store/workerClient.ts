/**
 * The page's side of the worker protocol: numbers requests, forwards every event to a listener,
 * and resolves a promise when a request reaches its last event. A crashed worker is noticed,
 * reported, and replaced by a fresh one on the next request.
 */
import type { WorkerEvent, WorkerRequest } from '../worker/protocol';

type Terminal = Extract<
  WorkerEvent,
  { kind: 'ready' | 'paused' | 'done' | 'cancelled' | 'error' | 'inspected' | 'strategy-done' }
>;
export type RequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

const isTerminal = (event: WorkerEvent): event is Terminal =>
  event.kind === 'ready' ||
  event.kind === 'paused' ||
  event.kind === 'done' ||
  event.kind === 'cancelled' ||
  event.kind === 'error' ||
  event.kind === 'inspected' ||
  event.kind === 'strategy-done';

export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export const createEngineWorker = (): WorkerLike =>
  new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'stepwise-engine',
  }) as unknown as WorkerLike;

export class EngineClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (event: Terminal) => void>();

  constructor(
    private readonly onEvent: (event: WorkerEvent) => void,
    private readonly onCrash: (message: string) => void,
    private readonly spawn: () => WorkerLike = createEngineWorker,
  ) {}

  /** Sends a request; the promise resolves with its last event (never rejects). */
  send(body: RequestBody): { id: number; finished: Promise<Terminal> } {
    const id = this.nextId++;
    const finished = new Promise<Terminal>((resolve) => this.pending.set(id, resolve));
    this.ensureWorker().postMessage({ ...body, id } as WorkerRequest);
    return { id, finished };
  }

  /** Stops the worker for good (tests, page unload). */
  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.onmessage = (message) => this.receive(message.data);
    worker.onerror = (error) => {
      error.preventDefault?.();
      this.crashed(error.message || 'the engine worker stopped unexpectedly');
    };
    this.worker = worker;
    return worker;
  }

  private receive(event: WorkerEvent): void {
    this.onEvent(event);
    if (isTerminal(event)) {
      this.pending.get(event.id)?.(event);
      this.pending.delete(event.id);
    }
  }

  private crashed(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    // Every open request ends with an error event; the next request starts a fresh worker.
    for (const [id, resolve] of this.pending) {
      const event: Terminal = { kind: 'error', id, code: 'internal', message };
      this.onEvent(event);
      resolve(event);
    }
    this.pending.clear();
    this.onCrash(message);
  }
}
