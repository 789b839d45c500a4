import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filesModel, hubModel } from './modelCatalog';
import { fetchModelFiles, ModelFetchError, putWhole, sha256Hex } from './modelFiles';
import { fromSource } from './modelSources';

const TINY = fileURLToPath(new URL('../../public/models/tiny-gpt2/', import.meta.url));
const CONFIG = new Uint8Array(readFileSync(`${TINY}config.json`));
const MODEL = new Uint8Array(readFileSync(`${TINY}onnx/model.onnx`));
const HUB = 'https://huggingface.co/Xenova/gpt2/resolve/main/';

/** Cache Storage in memory: what fetchModelFiles uses (match, put, delete). */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  async match(url: string): Promise<Response | undefined> {
    return this.entries.get(url)?.clone();
  }
  async put(url: string, response: Response): Promise<void> {
    this.entries.set(url, response);
  }
  async delete(url: string): Promise<boolean> {
    return this.entries.delete(url);
  }
}

/** A server answering `files` under `base`, 404 elsewhere; `fetched` lists what was asked. */
function server(base: string, files: Record<string, Uint8Array>) {
  const fetched: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = String(input);
    fetched.push(url);
    const bytes = url.startsWith(base) ? files[url.slice(base.length)] : undefined;
    return bytes ? new Response(bytes.slice()) : new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { fetched, fetchImpl };
}

describe('downloads from a mirror or a teacher’s server', () => {
  const q8 = hubModel(undefined, 'q8');

  it('fetch from the source and file the files under the Hub’s URLs', async () => {
    const base = 'http://192.168.1.10:4173/models/gpt2/';
    const { fetched, fetchImpl } = server(base, {
      'config.json': CONFIG,
      'onnx/model_quantized.onnx': MODEL,
    });
    const cache = new MemoryCache();
    const spec = fromSource(q8, { kind: 'server', url: 'http://192.168.1.10:4173/' });
    const files = await fetchModelFiles(spec, { fetchImpl, cache: cache as unknown as Cache });
    expect(files.modelFile).toBe('onnx/model_quantized.onnx');
    expect(fetched).toEqual([`${base}config.json`, `${base}onnx/model_quantized.onnx`]);
    expect([...cache.entries.keys()].sort()).toEqual([
      `${HUB}config.json`,
      `${HUB}onnx/model_quantized.onnx`,
    ]);

    // Another source, or the Hub itself, now finds the model in the cache and fetches nothing.
    for (const again of [fromSource(q8, { kind: 'mirror' }), q8]) {
      const offline = server('https://nowhere.invalid/', {});
      const cached = await fetchModelFiles(again, {
        fetchImpl: offline.fetchImpl,
        cache: cache as unknown as Cache,
      });
      expect(cached.fromCache).toBe(true);
      expect(offline.fetched).toEqual([]);
    }
  });
});

describe('models from picked files', () => {
  const spec = filesModel('model-2x64');
  const put = async (cache: MemoryCache, file: string, bytes: Uint8Array) =>
    putWhole(
      cache as unknown as Cache,
      `${spec.baseUrl}${file}`,
      bytes.slice().buffer,
      bytes.length,
      await sha256Hex(bytes),
    );

  it('are read from the cache, never from the network', async () => {
    const cache = new MemoryCache();
    await put(cache, 'model.onnx', MODEL);
    await put(cache, 'config.json', CONFIG);
    const { fetched, fetchImpl } = server(spec.baseUrl, {});
    const files = await fetchModelFiles(spec, { fetchImpl, cache: cache as unknown as Cache });
    expect(files).toMatchObject({ modelFile: 'model.onnx', fromCache: true });
    expect(Buffer.from(files.modelBytes).equals(MODEL)).toBe(true);
    expect(fetched).toEqual([]);
  });

  it('gone from the cache (or damaged) say to load them again', async () => {
    const cache = new MemoryCache();
    await put(cache, 'config.json', CONFIG);
    // A damaged copy: its recorded size is not what it holds.
    await putWhole(
      cache as unknown as Cache,
      `${spec.baseUrl}model.onnx`,
      MODEL.slice(1).buffer,
      MODEL.length,
      null,
    );
    const { fetched, fetchImpl } = server(spec.baseUrl, { 'model.onnx': MODEL });
    const options = { fetchImpl, cache: cache as unknown as Cache };
    await expect(fetchModelFiles(spec, options)).rejects.toMatchObject({ code: 'not_found' });
    await cache.delete(`${spec.baseUrl}config.json`);
    const gone = fetchModelFiles(spec, options);
    await expect(gone).rejects.toBeInstanceOf(ModelFetchError);
    await expect(gone).rejects.toThrow(/no longer in this browser's storage: load them again/);
    expect(fetched).toEqual([]);
  });
});
