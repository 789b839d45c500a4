import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadNodeModel } from '../../scripts/nodeModel';
import { Generation, runToEnd, type GenerationConfig } from '../engine/generation';
import { localModel } from '../engine/modelCatalog';
import { fetchModelFiles } from '../engine/modelFiles';
import { DEFAULT_SAMPLING } from '../engine/sampling';
import { encodeText } from '../engine/tokenizer';
import type { Message } from '../i18n/message';
import { EngineHost, type CreatedSession, type HostDeps } from './engineHost';
import type { AdapterReport, Backend, EventOf, WorkerEvent, WorkerRequest } from './protocol';

const TINY_DIR = fileURLToPath(new URL('../../public/models/tiny-gpt2/', import.meta.url));
const APP = 'http://app.test/';
const TINY = localModel('tiny-gpt2');
const PROMPT = encodeText('Once upon a time');
const greedy = (maxSteps: number): GenerationConfig => ({
  maxSteps,
  sampling: { ...DEFAULT_SAMPLING, strategy: 'greedy' },
  candidateCount: 20,
});
const LOAD: WorkerRequest = { kind: 'load', id: 1, model: TINY, ep: 'wasm', baseHref: APP };
/** A greedy `generate` request from the default prompt. */
const gen = (id: number, maxSteps: number, run: number | 'all'): WorkerRequest => ({
  kind: 'generate',
  id,
  promptIds: PROMPT,
  config: greedy(maxSteps),
  run,
});

let config: Uint8Array;
let model: Uint8Array;
const sessions: ort.InferenceSession[] = [];

beforeAll(() => {
  if (!existsSync(`${TINY_DIR}onnx/model.onnx`)) {
    throw new Error(`${TINY_DIR} is missing: run \`npm run models:tiny\` first`);
  }
  config = readFileSync(`${TINY_DIR}config.json`);
  model = readFileSync(`${TINY_DIR}onnx/model.onnx`);
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.release().catch(() => undefined)));
});

/** The app's server as a fetch: the tiny model's files in 1 MiB chunks, with a Content-Length. */
function serve(modelBytes: () => Uint8Array): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    const bytes = url.endsWith('/config.json')
      ? config
      : url.endsWith('/onnx/model.onnx')
        ? modelBytes()
        : null;
    if (!url.startsWith(`${APP}models/tiny-gpt2/`) || !bytes) {
      return new Response('not found', { status: 404 });
    }
    const chunk = 1 << 20;
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + chunk));
        offset += chunk;
      },
    });
    return new Response(body, { headers: { 'content-length': `${bytes.length}` } });
  }) as typeof fetch;
}

const nodeSession = async (bytes: Uint8Array): Promise<CreatedSession> => {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2 });
  sessions.push(session);
  return { session, threads: 2 };
};

function makeHost(deps: Partial<HostDeps> & { modelBytes?: () => Uint8Array } = {}) {
  const events: WorkerEvent[] = [];
  /** Runs on every posted event, as the page would react to it (e.g. pressing Stop). */
  const hooks: { onEvent: ((event: WorkerEvent) => void) | null } = { onEvent: null };
  const backends: Backend[] = [];
  let clock = 0;
  const fetchImpl = serve(deps.modelBytes ?? (() => model));
  const host = new EngineHost({
    // Both runtimes re-export onnxruntime-common's classes, so the node ones fit.
    Tensor: ort.Tensor,
    post: (event) => {
      events.push(event);
      hooks.onEvent?.(event);
    },
    fetchModel: (spec, baseHref, onProgress, signal) =>
      fetchModelFiles(spec, { fetchImpl, baseHref, onProgress, signal }),
    createSession: (bytes, backend) => {
      backends.push(backend);
      return nodeSession(bytes);
    },
    probeAdapter: async () => null,
    now: () => (clock += 5),
    ...deps,
  });
  const of = <K extends WorkerEvent['kind']>(kind: K, id?: number): EventOf<K>[] =>
    events.filter((e): e is EventOf<K> => e.kind === kind && (id === undefined || e.id === id));
  const tokens = (id?: number): number[] => of('step', id).map((e) => e.record.tokenId);
  return { host, events, backends, hooks, of, tokens };
}

/** A host with the tiny model loaded; its load events are cleared. */
async function loaded() {
  const made = makeHost();
  await made.host.handle(LOAD);
  expect(made.events.at(-1)?.kind).toBe('ready');
  made.events.length = 0;
  return made;
}

/** Greedy tokens straight from the engine, without the host: what every host run must match. */
let reference: number[];
beforeAll(async () => {
  const tiny = await loadNodeModel(TINY_DIR);
  const generation = await Generation.start(tiny.decoder, PROMPT, greedy(6));
  await runToEnd(generation, () => undefined);
  reference = generation.generatedIds;
  await tiny.session.release();
});

describe('EngineHost on onnxruntime-node', () => {
  it('loads: download progress, session, warm-up, then ready on WASM', async () => {
    const { host, events, of, backends } = makeHost();
    await host.handle(LOAD);
    const download = of('progress').filter((e) => e.phase === 'download');
    expect(download.length).toBeGreaterThan(1);
    expect(download.every((e) => e.file === 'onnx/model.onnx' && e.id === 1)).toBe(true);
    expect(download.at(-1)).toMatchObject({ loaded: model.length, total: model.length });
    expect(download.every((e, i) => i === 0 || e.loaded >= download[i - 1].loaded)).toBe(true);
    expect(events.slice(-3).map((e) => (e.kind === 'progress' ? e.phase : e.kind))).toEqual([
      'session',
      'warmup',
      'ready',
    ]);
    expect(events.at(-1)).toMatchObject({
      kind: 'ready',
      id: 1,
      modelId: 'tiny-gpt2',
      backend: 'wasm',
      threads: 2,
      adapter: null,
      backendNote: { key: 'backendWasmRequested' },
      fromCache: false,
      shape: { layers: 2, heads: 4, width: 64, vocab: 50257 },
    });
    expect(backends).toEqual(['wasm']);
  });

  it.each<[string, AdapterReport | null, Message]>([
    ['no adapter', null, { key: 'backendNoAdapter' }],
    [
      'a software adapter',
      { vendor: 'google', architecture: 'swiftshader', fallback: true },
      { key: 'backendSoftwareSkipped', params: { architecture: 'swiftshader' } },
    ],
  ])('on auto with %s, takes WASM and says why', async (_, adapter, note) => {
    const { host, of, backends } = makeHost({ probeAdapter: async () => adapter });
    await host.handle({ ...LOAD, ep: 'auto' });
    expect(of('ready')[0]).toMatchObject({ backend: 'wasm', adapter, backendNote: note });
    expect(backends).toEqual(['wasm']);
  });

  it('falls back to WASM with a note when the WebGPU session cannot be created', async () => {
    const adapter: AdapterReport = { vendor: 'nvidia', architecture: 'ampere', fallback: false };
    const tried: Backend[] = [];
    const { host, of } = makeHost({
      probeAdapter: async () => adapter,
      createSession: async (bytes, backend) => {
        tried.push(backend);
        if (backend === 'webgpu') throw new Error('no available backend found: webgpu');
        return nodeSession(bytes);
      },
    });
    await host.handle({ ...LOAD, ep: 'auto' });
    expect(tried).toEqual(['webgpu', 'wasm']);
    expect(of('ready')[0]).toMatchObject({
      backend: 'wasm',
      adapter,
      backendNote: {
        key: 'backendWebgpuFailed',
        params: { reason: 'no available backend found: webgpu' },
      },
    });
  });

  it('does not retry on WASM when WebGPU says the model itself is damaged', async () => {
    const tried: Backend[] = [];
    const { host, events } = makeHost({
      probeAdapter: async () => ({ vendor: 'google', architecture: 'swiftshader', fallback: true }),
      createSession: async (_bytes, backend) => {
        tried.push(backend);
        throw new Error('Load model from buffer failed: Protobuf parsing failed.');
      },
    });
    await host.handle({ ...LOAD, ep: 'webgpu' });
    expect(tried).toEqual(['webgpu']);
    expect(events.at(-1)).toMatchObject({ kind: 'error', id: 1, code: 'model_damaged' });
  });

  it('generates with run "all": prefill, steps 1..N, done max_steps', async () => {
    const { host, events, of, tokens } = await loaded();
    await host.handle(gen(2, 6, 'all'));
    expect(events[0]).toMatchObject({ kind: 'prefill', id: 2, promptLength: PROMPT.length });
    expect(of('step').map((e) => e.record.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(of('step').map((e) => e.record.contextLength)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(events.at(-1)).toEqual({ kind: 'done', id: 2, reason: 'max_steps', steps: 6 });
    expect(events.every((e) => e.id === 2)).toBe(true);
    expect(tokens()).toEqual(reference);
    for (const { record } of of('step')) {
      expect(record.candidates.length).toBeGreaterThanOrEqual(20);
      expect(record.candidates[0].id).toBe(record.tokenId);
    }
  });

  it('pauses after `run` steps; step continues one at a time, then to the end', async () => {
    const { host, events, of, tokens } = await loaded();
    await host.handle(gen(2, 6, 1));
    expect(events.map((e) => e.kind)).toEqual(['prefill', 'step', 'paused']);
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 2, steps: 1 });
    await host.handle({ kind: 'step', id: 3, run: 1 });
    expect(of('step', 3).map((e) => e.record.step)).toEqual([2]);
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 3, steps: 2 });
    await host.handle({ kind: 'step', id: 4, run: 'all' });
    expect(of('step', 4).map((e) => e.record.step)).toEqual([3, 4, 5, 6]);
    expect(events.at(-1)).toEqual({ kind: 'done', id: 4, reason: 'max_steps', steps: 6 });
    expect(tokens()).toEqual(reference);
    // A run of exactly the remaining steps ends as done, not paused.
    await host.handle(gen(5, 2, 2));
    expect(events.at(-1)).toEqual({ kind: 'done', id: 5, reason: 'max_steps', steps: 2 });
  });

  it('continues from inherited steps (history) exactly as the uninterrupted run', async () => {
    const { host, events, of } = await loaded();
    const history = reference.slice(0, 3);
    await host.handle({ ...gen(2, 6, 'all'), history } as WorkerRequest);
    expect(events[0]).toMatchObject({ kind: 'prefill', promptLength: PROMPT.length + 3 });
    expect(of('step').map((e) => [e.record.step, e.record.tokenId])).toEqual(
      reference.slice(3).map((id, i) => [4 + i, id]),
    );
    expect(events.at(-1)).toEqual({ kind: 'done', id: 2, reason: 'max_steps', steps: 6 });
  });

  it('a step with a larger maxSteps goes on past a finished run', async () => {
    const { host, events, of } = await loaded();
    await host.handle(gen(2, 3, 'all'));
    expect(events.at(-1)).toEqual({ kind: 'done', id: 2, reason: 'max_steps', steps: 3 });
    await host.handle({ kind: 'step', id: 3, run: 1, maxSteps: 4 });
    expect(of('step', 3).map((e) => [e.record.step, e.record.tokenId])).toEqual([
      [4, reference[3]],
    ]);
    expect(events.at(-1)).toEqual({ kind: 'done', id: 3, reason: 'max_steps', steps: 4 });
  });

  it('cancel stops a run between steps; a later step continues where it stopped', async () => {
    const { host, events, hooks, tokens } = await loaded();
    let cancelled: Promise<void> | null = null;
    hooks.onEvent = (event) => {
      // Stop arrives while step 3 is being shown, as when the user presses Stop mid-run.
      if (event.kind === 'step' && event.record.step === 3) {
        cancelled ??= host.handle({ kind: 'cancel', id: 3 });
      }
    };
    await host.handle(gen(2, 6, 'all'));
    await cancelled;
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 2, steps: 3 });
    expect(events.some((e) => e.id === 3)).toBe(false);
    await host.handle({ kind: 'step', id: 4, run: 'all' });
    expect(events.at(-1)).toEqual({ kind: 'done', id: 4, reason: 'max_steps', steps: 6 });
    expect(tokens()).toEqual(reference);
  });

  it('a second generate supersedes the one running', async () => {
    const { host, events, hooks, of, tokens } = await loaded();
    let second: Promise<void> | null = null;
    hooks.onEvent = (event) => {
      if (event.kind === 'step' && event.id === 2 && event.record.step === 2) {
        second ??= host.handle(gen(3, 4, 'all'));
      }
    };
    const first = host.handle(gen(2, 50, 'all'));
    await first;
    await second;
    expect(of('step', 2)).toHaveLength(2);
    expect(of('paused', 2)).toEqual([{ kind: 'paused', id: 2, steps: 2 }]);
    expect(of('done', 2)).toEqual([]);
    expect(of('prefill', 3)).toHaveLength(1);
    expect(tokens(3)).toEqual(reference.slice(0, 4));
    expect(events.at(-1)).toEqual({ kind: 'done', id: 3, reason: 'max_steps', steps: 4 });
  });

  it('forces the token of the first step of a step request', async () => {
    const { host, of } = await loaded();
    await host.handle(gen(2, 6, 1));
    const forcedId = reference[1] === 13 ? 11 : 13;
    await host.handle({ kind: 'step', id: 3, run: 2, forcedTokenId: forcedId });
    const [forced, after] = of('step', 3).map((e) => e.record);
    expect(forced).toMatchObject({ step: 2, tokenId: forcedId, forced: true });
    expect(after).toMatchObject({ step: 3, forced: false });
    expect(of('step', 2)[0].record.forced).toBe(false);
  });

  it('answers generate and step without a model with errors, not exceptions', async () => {
    const { host, events } = makeHost();
    await host.handle(gen(1, 3, 1));
    expect(events).toEqual([
      { kind: 'error', id: 1, code: 'no_model', message: 'no model is loaded yet' },
    ]);
    await host.handle({ kind: 'step', id: 2, run: 1 });
    expect(events[1]).toMatchObject({ kind: 'error', id: 2, code: 'bad_request' });
  });

  it('reports a bad forced token as an error and keeps the run', async () => {
    const { host, events } = await loaded();
    await host.handle(gen(2, 6, 1));
    await host.handle({ kind: 'step', id: 3, run: 1, forcedTokenId: 60000 });
    expect(events.at(-1)).toMatchObject({ kind: 'error', id: 3, code: 'bad_request' });
    await host.handle({ kind: 'step', id: 4, run: 1 });
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 4, steps: 2 });
  });

  it.each<[string, () => Uint8Array]>([
    ['a truncated model file', () => model.slice(0, model.length >> 1)],
    ['an HTML page instead of a model', () => new TextEncoder().encode('<!doctype html><p>hi')],
  ])('reports %s as model_damaged, readably', async (_, modelBytes) => {
    const { host, events } = makeHost({ modelBytes });
    await host.handle(LOAD);
    const error = events.at(-1);
    expect(error).toMatchObject({ kind: 'error', id: 1, code: 'model_damaged' });
    // The runtime's own words, as the detail under the page's explanation; no stack trace.
    expect(error?.kind === 'error' && error.message).toMatch(/protobuf|load model|parse/i);
    expect(error?.kind === 'error' && error.message).not.toMatch(/\n\s+at /);
    // Nothing is loaded afterwards.
    await host.handle(gen(2, 2, 1));
    expect(events.at(-1)).toMatchObject({ kind: 'error', id: 2, code: 'no_model' });
  });

  it('reports a missing model as model_not_found', async () => {
    const { host, events } = makeHost();
    await host.handle({ ...LOAD, model: localModel('no-such-model') });
    expect(events).toEqual([
      expect.objectContaining({ kind: 'error', id: 1, code: 'model_not_found' }),
    ]);
  });

  it('cancel aborts a download in progress and says so', async () => {
    let requested = false;
    // A server that never answers: only the abort ends the fetch, as fetch() does.
    const hanging = ((_input: string | URL | Request, init?: RequestInit) => {
      requested = true;
      return new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted'))),
      );
    }) as typeof fetch;
    const { host, events } = makeHost({
      fetchModel: (spec, baseHref, onProgress, signal) =>
        fetchModelFiles(spec, { fetchImpl: hanging, baseHref, onProgress, signal }),
    });
    const load = host.handle(LOAD);
    await vi.waitFor(() => expect(requested).toBe(true));
    await host.handle({ kind: 'cancel', id: 2 });
    await load;
    expect(events).toEqual([
      { kind: 'error', id: 1, code: 'network', message: 'download cancelled' },
    ]);
  });
});
