/**
 * The engine host under test: the tiny model served as the app's server would (in chunks, with a
 * Content-Length), real onnxruntime-node sessions, and a host that records what it posts.
 * Test-only, shared by the engineHost.*.test.ts files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { loadNodeModel } from '../../../scripts/nodeModel';
import { Generation, runToEnd, type GenerationConfig } from '../../engine/generation';
import { localModel } from '../../engine/modelCatalog';
import { fetchModelFiles } from '../../engine/modelFiles';
import { DEFAULT_SAMPLING } from '../../engine/sampling';
import { encodeText } from '../../engine/tokenizer';
import { EngineHost } from '../engineHost';
import type { CreatedSession, HostDeps } from '../hostDeps';
import { nextTask } from '../nextTask';
import type { Backend, EventOf, StrategySettings, WorkerEvent, WorkerRequest } from '../protocol';

export const TINY_DIR = fileURLToPath(
  new URL('../../../public/models/tiny-gpt2/', import.meta.url),
);
const APP = 'http://app.test/';
const TINY = localModel('tiny-gpt2');
export const PROMPT = encodeText('Once upon a time');
export const greedy = (maxSteps: number): GenerationConfig => ({
  maxSteps,
  sampling: { ...DEFAULT_SAMPLING, strategy: 'greedy' },
  candidateCount: 20,
});
export const LOAD: Extract<WorkerRequest, { kind: 'load' }> = {
  kind: 'load',
  id: 1,
  model: TINY,
  ep: 'wasm',
  baseHref: APP,
};
/** A greedy `generate` request from the default prompt. */
export const gen = (id: number, maxSteps: number, run: number | 'all'): WorkerRequest => ({
  kind: 'generate',
  id,
  promptIds: PROMPT,
  config: greedy(maxSteps),
  run,
});
/** A `strategy` request from the default prompt, compared with greedy decoding. */
export const strategy = (id: number, settings: StrategySettings): WorkerRequest => ({
  kind: 'strategy',
  id,
  promptIds: PROMPT,
  settings,
  compareGreedy: true,
});

if (!existsSync(`${TINY_DIR}onnx/model.onnx`)) {
  throw new Error(`${TINY_DIR} is missing: run \`npm run models:tiny\` first`);
}
const config = readFileSync(`${TINY_DIR}config.json`);
export const model: Uint8Array = readFileSync(`${TINY_DIR}onnx/model.onnx`);
const sessions: ort.InferenceSession[] = [];

/** Releases every session the hosts opened (for afterAll). */
export const releaseSessions = async (): Promise<void> => {
  await Promise.all(sessions.splice(0).map((s) => s.release().catch(() => undefined)));
};

/** The app's server as a fetch: the tiny model's files in 1 MiB chunks, with a Content-Length. */
export function serve(modelBytes: () => Uint8Array = () => model): typeof fetch {
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

export const nodeSession = async (bytes: Uint8Array): Promise<CreatedSession> => {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2 });
  sessions.push(session);
  return { session, threads: 2, Tensor: ort.Tensor };
};

export function makeHost(deps: Partial<HostDeps> & { modelBytes?: () => Uint8Array } = {}) {
  const events: WorkerEvent[] = [];
  /** Runs on every posted event, as the page would react to it (e.g. pressing Stop). */
  const hooks: { onEvent: ((event: WorkerEvent) => void) | null } = { onEvent: null };
  const backends: Backend[] = [];
  let clock = 0;
  const fetchImpl = serve(deps.modelBytes ?? (() => model));
  const host = new EngineHost({
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
    nextTask,
    ...deps,
  });
  const of = <K extends WorkerEvent['kind']>(kind: K, id?: number): EventOf<K>[] =>
    events.filter((e): e is EventOf<K> => e.kind === kind && (id === undefined || e.id === id));
  const tokens = (id?: number): number[] => of('step', id).map((e) => e.record.tokenId);
  return { host, events, backends, hooks, of, tokens };
}

/** A host with the tiny model loaded; its load events are cleared. */
export async function loaded(deps: Partial<HostDeps> = {}) {
  const made = makeHost(deps);
  await made.host.handle(LOAD);
  expect(made.events.at(-1)?.kind).toBe('ready');
  made.events.length = 0;
  return made;
}

/** Greedy tokens straight from the engine, without the host: what every host run must match. */
let reference: Promise<number[]> | null = null;
export function greedyReference(): Promise<number[]> {
  reference ??= (async () => {
    const tiny = await loadNodeModel(TINY_DIR);
    const generation = await Generation.start(tiny.decoder, PROMPT, greedy(6));
    await runToEnd(generation, () => undefined);
    await tiny.session.release();
    return generation.generatedIds;
  })();
  return reference;
}
