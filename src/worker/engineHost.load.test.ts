/** Loading a model in the engine host: download progress, backend choice, damaged and missing files. */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { localModel, type ModelSpec } from '../engine/modelCatalog';
import { fetchModelFiles, ModelFetchError, type ModelFiles } from '../engine/modelFiles';
import { parseModelConfig } from '../engine/modelShape';
import type { Message } from '../i18n/message';
import type { AdapterReport, Backend } from './protocol';
import type { HostDeps } from './hostDeps';
import {
  gen,
  LOAD,
  makeHost,
  model,
  nodeSession,
  releaseSessions,
  serve,
  TINY_DIR,
} from './testing/hostFixtures';
import { WAIT } from '../engine/testing/waitOptions';

afterAll(releaseSessions);

/** `auto` with the tiny model's files priced as GPT-2 small: on a hardware adapter, WebGPU. */
const AUTO_BIG = { ...LOAD, ep: 'auto' as const, model: { ...LOAD.model, approxBytes: 498e6 } };
const HARDWARE: AdapterReport = { vendor: 'nvidia', architecture: 'hopper', fallback: false };

/** A host on a hardware adapter, with `deps` for the rest. */
const onHardware = (deps: Partial<HostDeps> = {}) =>
  makeHost({ probeAdapter: async () => HARDWARE, ...deps });

/** Sessions where WebGPU cannot open one (`reason`) and WASM can; `tried` records both. */
const webgpuLost =
  (tried: Backend[] = [], reason = 'device lost'): HostDeps['createSession'] =>
  async (bytes, backend) => {
    tried.push(backend);
    if (backend === 'webgpu') throw new Error(reason);
    return nodeSession(bytes);
  };

describe('EngineHost loading a model', () => {
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

  it.each<[string, ModelSpec, Message]>([
    ['a small model', LOAD.model, { key: 'backendSmallModel' }],
    ['8-bit weights', { ...AUTO_BIG.model, precision: 'q8' }, { key: 'backendQ8OnWasm' }],
  ])('on auto with a hardware adapter and %s, takes WASM and says why', async (_, spec, note) => {
    const { host, of, backends } = onHardware();
    await host.handle({ ...LOAD, ep: 'auto', model: spec });
    expect(of('ready')[0]).toMatchObject({ backend: 'wasm', adapter: HARDWARE, backendNote: note });
    expect(backends).toEqual(['wasm']);
  });

  it('falls back to WASM with a note when the WebGPU session cannot be created', async () => {
    const tried: Backend[] = [];
    const { host, of } = onHardware({
      createSession: webgpuLost(tried, 'no available backend found: webgpu'),
    });
    await host.handle(AUTO_BIG);
    expect(tried).toEqual(['webgpu', 'wasm']);
    expect(of('ready')[0]).toMatchObject({
      backend: 'wasm',
      adapter: HARDWARE,
      backendNote: {
        key: 'backendWebgpuFailed',
        params: { reason: 'no available backend found: webgpu' },
      },
    });
  });

  describe('which file of the folder, by backend', () => {
    /** The tiny model's folder on disk (it holds both interfaces): the first file that exists. */
    const readFolder =
      (asked: string[]) =>
      async (spec: ModelSpec): Promise<ModelFiles> => {
        // As fetchModelFiles: a file that is not there is skipped; none there is an error.
        const file = spec.modelFiles.find((f) => existsSync(`${TINY_DIR}${f}`));
        if (!file) throw new Error(`no model file (${spec.modelFiles.join(' or ')})`);
        asked.push(file);
        const config = JSON.parse(readFileSync(`${TINY_DIR}config.json`, 'utf8')) as unknown;
        const modelBytes = new Uint8Array(readFileSync(`${TINY_DIR}${file}`));
        return { shape: parseModelConfig(config), modelBytes, modelFile: file, fromCache: false };
      };

    it('WebGPU opens the Hub-interface file, with the shape that names its cache outputs', async () => {
      const asked: string[] = [];
      const layers: number[] = [];
      const { host, of } = onHardware({
        fetchModel: readFolder(asked),
        // Node has no WebGPU: a CPU session stands in; what matters is what the host asked for.
        createSession: async (bytes, _backend, shape) => {
          layers.push(shape.layers);
          return nodeSession(bytes);
        },
      });
      await host.handle(AUTO_BIG);
      expect(of('ready')[0]).toMatchObject({ backend: 'webgpu' });
      expect(asked).toEqual(['onnx/model.onnx']);
      expect(layers).toEqual([2]);
    });

    it('WASM opens the slots file, also after WebGPU failed on the other one', async () => {
      const asked: string[] = [];
      const tried: Backend[] = [];
      const { host, of } = onHardware({
        fetchModel: readFolder(asked),
        createSession: webgpuLost(tried),
      });
      await host.handle(AUTO_BIG);
      expect(tried).toEqual(['webgpu', 'wasm']);
      expect(asked).toEqual(['onnx/model.onnx', 'onnx/model_slots.onnx']);
      expect(of('ready')[0]).toMatchObject({ backend: 'wasm' });
      asked.length = 0;
      await host.handle({ ...LOAD, id: 2, ep: 'wasm' });
      expect(asked).toEqual(['onnx/model_slots.onnx']);
    });

    it('a folder without the slots file: WASM runs the bytes already here, downloaded once', async () => {
      const asked: string[] = [];
      const read = readFolder(asked);
      const { host, of } = onHardware({
        fetchModel: (spec) =>
          read({ ...spec, modelFiles: spec.modelFiles.filter((f) => !f.includes('slots')) }),
        createSession: webgpuLost(),
      });
      await host.handle(AUTO_BIG);
      expect(asked).toEqual(['onnx/model.onnx']);
      expect(of('ready')[0]).toMatchObject({ backend: 'wasm' });
    });

    it('a WebGPU warm-up that fails releases that session and goes on on WASM', async () => {
      const release = vi.fn(async () => undefined);
      const tried: Backend[] = [];
      const { host, of } = onHardware({
        fetchModel: readFolder([]),
        createSession: async (bytes, backend) => {
          tried.push(backend);
          const opened = await nodeSession(bytes);
          if (backend === 'wasm') return opened;
          // The session opens; its first run (the warm-up) loses the device.
          const failing = Object.create(opened.session) as typeof opened.session;
          Object.assign(failing, {
            run: async () => Promise.reject(new Error('GPU device was lost')),
            release,
          });
          return { ...opened, session: failing };
        },
      });
      await host.handle(AUTO_BIG);
      expect(tried).toEqual(['webgpu', 'wasm']);
      expect(release).toHaveBeenCalledTimes(1);
      expect(of('ready')[0]).toMatchObject({
        backend: 'wasm',
        backendNote: { key: 'backendWebgpuFailed', params: { reason: 'GPU device was lost' } },
      });
    });

    it('a cancel during the WASM download after a WebGPU failure stops the load quietly', async () => {
      const read = readFolder([]);
      let waiting = false;
      const { host, events } = onHardware({
        fetchModel: (spec, _baseHref, _onProgress, signal) => {
          if (spec.modelFiles[0] !== 'onnx/model_slots.onnx') return read(spec);
          waiting = true; // the second download hangs until it is aborted, as fetchModelFiles does
          return new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () =>
              reject(new ModelFetchError('download cancelled', 'aborted')),
            ),
          );
        },
        createSession: webgpuLost(),
      });
      const load = host.handle(AUTO_BIG);
      await vi.waitFor(() => expect(waiting).toBe(true), WAIT);
      await host.handle({ kind: 'cancel', id: 2 });
      await load;
      expect(events.some((e) => e.kind === 'ready' || e.kind === 'error')).toBe(false);
      expect(events.at(-1)).toEqual({ kind: 'cancelled', id: 1 });
    });

    it('WASM runs the file already fetched when the slots file cannot be fetched', async () => {
      const asked: string[] = [];
      const read = readFolder(asked);
      const { host, of } = onHardware({
        fetchModel: async (spec) => {
          if (spec.modelFiles[0] === 'onnx/model_slots.onnx') throw new Error('offline');
          return read(spec);
        },
        createSession: webgpuLost(),
      });
      await host.handle(AUTO_BIG);
      expect(asked).toEqual(['onnx/model.onnx']);
      expect(of('ready')[0]).toMatchObject({ backend: 'wasm' });
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

  it('cancel aborts a download in progress quietly; the next load downloads again', async () => {
    let requested = false;
    // A server that never answers: only the abort ends the fetch, as fetch() does.
    const hanging = ((_input: string | URL | Request, init?: RequestInit) => {
      requested = true;
      return new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted'))),
      );
    }) as typeof fetch;
    let fetchImpl = hanging;
    const { host, events } = makeHost({
      fetchModel: (spec, baseHref, onProgress, signal) =>
        fetchModelFiles(spec, { fetchImpl, baseHref, onProgress, signal }),
    });
    const load = host.handle(LOAD);
    await vi.waitFor(() => expect(requested).toBe(true), WAIT);
    await host.handle({ kind: 'cancel', id: 2 });
    await load;
    // A cancel is not a failure: no error, only the end of the request.
    expect(events).toEqual([{ kind: 'cancelled', id: 1 }]);
    fetchImpl = serve();
    await host.handle({ ...LOAD, id: 3 });
    expect(events.at(-1)).toMatchObject({ kind: 'ready', id: 3, modelId: 'tiny-gpt2' });
  });
});
