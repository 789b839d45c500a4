import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FILES_BASE, filesModel } from '../engine/modelCatalog';
import { fetchModelFiles } from '../engine/modelFiles';
import { translateMessage } from '../i18n';
import { initialState, useAppStore, type AppState } from './appStore';
import { loadPickedFiles, type PickedFile } from './modelFilesImport';
import { flush, installFakeWorker, readyEvent, type FakeWorker } from './testing/fixtures';
import { stubPage, unstubPage } from './testing/pageStubs';
import { WAIT } from '../engine/testing/waitOptions';

const TINY = fileURLToPath(new URL('../../public/models/tiny-gpt2/', import.meta.url));
const CONFIG = readFileSync(`${TINY}config.json`);
const MODEL = readFileSync(`${TINY}onnx/model.onnx`);
const SPEC = filesModel('model-2x64');
const state = (): AppState => useAppStore.getState();

const picked = (name: string, bytes: Uint8Array, path = ''): PickedFile => ({
  name,
  path,
  file: new Blob([bytes.slice()]),
});

/** Cache Storage in memory, with the order entries were written in. */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  readonly written: string[] = [];
  async match(url: string): Promise<Response | undefined> {
    return this.entries.get(url)?.clone();
  }
  async put(url: string, response: Response): Promise<void> {
    // What Cache Storage does: the body is read whole before the entry exists.
    const body = await response.arrayBuffer();
    this.entries.set(url, new Response(body, { headers: response.headers }));
    this.written.push(url.slice(SPEC.baseUrl.length));
  }
  async delete(url: string): Promise<boolean> {
    return this.entries.delete(url);
  }
}

let worker: FakeWorker;
let cache: MemoryCache;

beforeEach(() => {
  useAppStore.setState({
    ...initialState(),
    availability: { ready: ['tiny-gpt2'], checked: true },
  });
  stubPage('http://127.0.0.1:4173/');
  cache = new MemoryCache();
  vi.stubGlobal('caches', { open: async () => cache });
  worker = installFakeWorker();
});

afterEach(unstubPage);

describe('a model from picked files', () => {
  it('is stored whole (config last), loaded from the cache, then selected', async () => {
    const pending = loadPickedFiles([
      picked('model.onnx', MODEL),
      picked('config.json', CONFIG),
      picked('notes.txt', new Uint8Array([1])),
    ]);
    await vi.waitFor(() => expect(worker.sent).toHaveLength(1), WAIT);
    expect(cache.written).toEqual(['model.onnx', 'config.json']);
    expect(worker.sent[0]).toMatchObject({ kind: 'load', model: SPEC });
    expect(state().settings.modelId).toBe('tiny-gpt2');
    // What the worker will read: the files, from the cache alone.
    const files = await fetchModelFiles(SPEC, {
      cache: cache as unknown as Cache,
      fetchImpl: () => Promise.reject(new Error('no network')),
    });
    expect(files.modelBytes.length).toBe(MODEL.length);

    worker.answer((id) => readyEvent(id, SPEC.id));
    expect(await pending).toBe(true);
    expect(state().settings.modelId).toBe(SPEC.id);
    expect(state().availability.ready).toContain(SPEC.id);
    expect(state().error).toBeNull();
  });

  it('with a config that is not GPT-2’s is refused before anything is stored', async () => {
    const bert = Buffer.from(JSON.stringify({ model_type: 'bert', vocab_size: 30522 }));
    expect(await loadPickedFiles([picked('config.json', bert), picked('m.onnx', MODEL)])).toBe(
      false,
    );
    expect(state().error).toMatchObject({
      code: 'bad_config',
      detail: expect.stringContaining('bert'),
    });
    expect(translateMessage('en', state().error!.message)).toMatch(/not a GPT-2/);
    expect(cache.written).toEqual([]);
    expect(worker.sent).toEqual([]);
    expect(state().settings.modelId).toBe('tiny-gpt2');
  });

  it('whose .onnx file is no ONNX model, or is missing, is refused, saying which', async () => {
    await loadPickedFiles([picked('config.json', CONFIG), picked('model.onnx', CONFIG)]);
    expect(state().error).toMatchObject({
      code: 'model_damaged',
      message: { key: 'filesBadModel' },
      detail: expect.stringMatching(/^model\.onnx: not an ONNX model/),
    });
    await loadPickedFiles([picked('config.json', CONFIG)]);
    expect(state().error).toMatchObject({ code: 'bad_request', message: { key: 'filesNoOnnx' } });
    expect(cache.written).toEqual([]);
    expect(worker.sent).toEqual([]);
  });

  it('that fails to load leaves the previous model selected and its copy removed', async () => {
    const pending = loadPickedFiles([picked('config.json', CONFIG), picked('model.onnx', MODEL)]);
    await vi.waitFor(() => expect(worker.sent).toHaveLength(1), WAIT);
    worker.answer((id) => ({
      kind: 'error',
      id,
      code: 'model_damaged',
      message: 'failed to load model: protobuf parsing failed',
    }));
    expect(await pending).toBe(false);
    await flush();
    expect(state().settings.modelId).toBe('tiny-gpt2');
    expect(state().availability.ready).not.toContain(SPEC.id);
    expect([...cache.entries.keys()].filter((url) => url.startsWith(FILES_BASE))).toEqual([]);
    expect(translateMessage('en', state().error!.message)).toContain('tiny-gpt2 stays selected');
    expect(state().error?.detail).toContain('protobuf');
  });
});
