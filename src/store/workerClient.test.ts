import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../worker/protocol';
import { FakeWorker } from './testing/fixtures';
import { EngineClient } from './workerClient';
import { TINY_GPT2 } from '../engine/modelShape';

function setup() {
  const workers: FakeWorker[] = [];
  const events: WorkerEvent[] = [];
  const crashes: string[] = [];
  const client = new EngineClient(
    (event) => events.push(event),
    (message) => crashes.push(message),
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
  );
  return { client, workers, events, crashes };
}

/** Whether a promise has settled, after letting pending callbacks run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe('EngineClient', () => {
  it('starts no worker before the first request, then one for all requests', () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(0);
    client.send({ kind: 'cancel' });
    client.send({ kind: 'cancel' });
    expect(workers).toHaveLength(1);
  });

  it('numbers requests 1, 2, 3… and posts them with their id', () => {
    const { client, workers } = setup();
    const a = client.send({ kind: 'step', run: 1 });
    const b = client.send({ kind: 'step', run: 'all', forcedTokenId: 262 });
    const c = client.send({ kind: 'cancel' });
    expect([a.id, b.id, c.id]).toEqual([1, 2, 3]);
    expect(workers[0].sent).toEqual([
      { kind: 'step', run: 1, id: 1 },
      { kind: 'step', run: 'all', forcedTokenId: 262, id: 2 },
      { kind: 'cancel', id: 3 },
    ]);
  });

  it('forwards every event, in order, whatever request it belongs to', () => {
    const { client, workers, events } = setup();
    client.send({ kind: 'step', run: 2 });
    const stream: WorkerEvent[] = [
      { kind: 'progress', id: 1, phase: 'download', loaded: 10, total: 100 },
      { kind: 'prefill', id: 1, promptLength: 4, ms: 3 },
      { kind: 'paused', id: 1, steps: 2 },
      { kind: 'done', id: 99, reason: 'eos', steps: 1 },
    ];
    stream.forEach((event) => workers[0].emit(event));
    expect(events).toEqual(stream);
  });

  it('resolves `finished` with the terminal event of its own request only', async () => {
    const { client, workers } = setup();
    const load = client.send({
      kind: 'load',
      model: {
        id: 'tiny-gpt2',
        baseUrl: 'models/tiny-gpt2/',
        origin: 'local',
        precision: 'fp32',
        modelFiles: ['onnx/model.onnx'],
        approxBytes: 13e6,
        synthetic: true,
      },
      ep: 'wasm',
      baseHref: 'http://localhost/',
    });
    const generate = client.send({
      kind: 'generate',
      promptIds: [1],
      config: {
        maxSteps: 3,
        sampling: { strategy: 'greedy', temperature: 1, topK: 0, topP: 1, seed: 1 },
      },
      run: 'all',
    });
    const worker = workers[0];
    worker.emit({ kind: 'progress', id: load.id, phase: 'session', loaded: 0, total: null });
    expect(await settled(load.finished)).toBe(false);
    const ready: WorkerEvent = {
      kind: 'ready',
      id: load.id,
      modelId: 'tiny-gpt2',
      shape: TINY_GPT2,
      backend: 'wasm',
      threads: 1,
      adapter: null,
      backendNote: { key: 'backendWasmRequested' },
      fromCache: false,
      loadMs: 5,
    };
    worker.emit(ready);
    await expect(load.finished).resolves.toEqual(ready);
    worker.emit({ kind: 'prefill', id: generate.id, promptLength: 1, ms: 1 });
    expect(await settled(generate.finished)).toBe(false);
    worker.emit({ kind: 'done', id: generate.id, reason: 'max_steps', steps: 3 });
    await expect(generate.finished).resolves.toEqual({
      kind: 'done',
      id: generate.id,
      reason: 'max_steps',
      steps: 3,
    });
  });

  it.each<WorkerEvent['kind']>(['paused', 'error'])('treats %s as terminal', async (kind) => {
    const { client, workers } = setup();
    const { id, finished } = client.send({ kind: 'step', run: 1 });
    const event: WorkerEvent =
      kind === 'paused'
        ? { kind, id, steps: 1 }
        : { kind: 'error', id, code: 'bad_request', message: 'nothing to continue' };
    workers[0].emit(event);
    await expect(finished).resolves.toEqual(event);
  });

  it('ends open requests with an error on a crash, reports it, and respawns on the next send', async () => {
    const { client, workers, events, crashes } = setup();
    const a = client.send({ kind: 'step', run: 'all' });
    const b = client.send({ kind: 'step', run: 1 });
    workers[0].emit({ kind: 'paused', id: b.id, steps: 1 });
    await b.finished;
    events.length = 0;

    const errorEvent = workers[0].crash('out of memory');
    expect(errorEvent.preventDefault).toHaveBeenCalled();
    expect(workers[0].terminated).toBe(true);
    const expected = { kind: 'error', id: a.id, code: 'internal', message: 'out of memory' };
    // Only the request still open gets an error; the finished one is left alone.
    expect(events).toEqual([expected]);
    await expect(a.finished).resolves.toEqual(expected);
    expect(crashes).toEqual(['out of memory']);

    const c = client.send({ kind: 'cancel' });
    expect(workers).toHaveLength(2);
    expect(c.id).toBe(3);
    expect(workers[1].sent).toEqual([{ kind: 'cancel', id: 3 }]);
    expect(workers[0].sent).toHaveLength(2);
  });

  it('gives a crash without a message a readable one', async () => {
    const { client, workers, crashes } = setup();
    const { finished } = client.send({ kind: 'cancel' });
    workers[0].crash('');
    expect(crashes).toEqual(['the engine worker stopped unexpectedly']);
    await expect(finished).resolves.toMatchObject({ kind: 'error', code: 'internal' });
  });

  it('terminate() stops the worker; a later send starts a new one', () => {
    const { client, workers } = setup();
    client.send({ kind: 'cancel' });
    client.terminate();
    expect(workers[0].terminated).toBe(true);
    client.send({ kind: 'cancel' });
    expect(workers).toHaveLength(2);
  });
});
