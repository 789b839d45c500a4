import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { localModel } from './modelCatalog';
import { describeError } from '../worker/hostErrors';
import { fetchModelFiles, ModelFetchError, sha256Hex, type FetchOptions } from './modelFiles';
import { fileServer } from './testing/fileServer';
import { MemoryCache } from './testing/memoryCache';

const TINY_DIR = fileURLToPath(new URL('../../public/models/tiny-gpt2/', import.meta.url));
const APP = 'http://app.test/';
const BASE = `${APP}models/tiny-gpt2/`;
const FILES: Record<string, Uint8Array> = {
  'config.json': readFileSync(`${TINY_DIR}config.json`),
  'onnx/model.onnx': readFileSync(`${TINY_DIR}onnx/model.onnx`),
};
const MODEL_URL = `${BASE}onnx/model.onnx`;

function setup(extra: Partial<FetchOptions> = {}, served: Record<string, Uint8Array> = FILES) {
  const cache = new MemoryCache();
  const { fetchImpl, fetched } = fileServer(BASE, served);
  const options: FetchOptions = { fetchImpl, baseHref: APP, cache: cache.asCache };
  const load = () => fetchModelFiles(localModel('tiny-gpt2'), { ...options, ...extra });
  return { cache, fetched, load };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the model cache', () => {
  it('stores each whole file with its size and SHA-256; a second load fetches nothing', async () => {
    const { cache, fetched, load } = setup();
    expect((await load()).fromCache).toBe(false);
    const entry = cache.entries.get(MODEL_URL)!;
    expect(entry.headers.get('x-stepwise-bytes')).toBe(`${FILES['onnx/model.onnx'].length}`);
    expect(entry.headers.get('x-stepwise-sha256')).toBe(sha256(FILES['onnx/model.onnx']));
    expect(await sha256Hex(FILES['config.json'])).toBe(sha256(FILES['config.json']));
    fetched.length = 0;
    const again = await load();
    expect(again.fromCache).toBe(true);
    expect(fetched).toEqual([]);
    expect(sha256(again.modelBytes)).toBe(sha256(FILES['onnx/model.onnx']));
  });

  it.each<[string, (entry: { bytes: Uint8Array; headers: Headers }) => void]>([
    ['a cut-short entry (size check)', (e) => (e.bytes = e.bytes.slice(0, e.bytes.length >> 1))],
    ['a same-size entry with one byte changed (hash check)', (e) => (e.bytes[1000] ^= 0xff)],
    ['an entry without a hash (an older writer)', (e) => e.headers.delete('x-stepwise-sha256')],
  ])('drops %s and downloads the file again', async (_, damage) => {
    const { cache, fetched, load } = setup();
    await load();
    cache.tamper(MODEL_URL, damage);
    fetched.length = 0;
    const files = await load();
    expect(files.fromCache).toBe(false);
    expect(fetched).toEqual(['onnx/model.onnx']); // config.json was intact: read from the cache
    expect(sha256(files.modelBytes)).toBe(sha256(FILES['onnx/model.onnx']));
    // The fresh copy replaced the damaged one.
    const entry = cache.entries.get(MODEL_URL)!;
    expect(sha256(entry.bytes)).toBe(entry.headers.get('x-stepwise-sha256'));
  });

  it.each([
    ['not JSON', '<!doctype html>'],
    ['not a GPT-2 config', '{"n_layer": "two"}'],
  ])(
    'refuses a config.json that is %s as bad_config, and caches nothing of it',
    async (_, text) => {
      const served = { ...FILES, 'config.json': new TextEncoder().encode(text) };
      const { cache, fetched, load } = setup({}, served);
      const failure = await load().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ModelFetchError);
      expect(describeError(failure)).toMatchObject({ code: 'bad_config' });
      expect(describeError(failure).message).toMatch(/config\.json is unusable/);
      expect(fetched).toEqual(['config.json']); // the model file was never downloaded
      expect(cache.entries.size).toBe(0);
    },
  );

  it('checks entries above the hash limit by size only (the documented trade-off)', async () => {
    const { cache, fetched, load } = setup({ hashCheckLimit: 1_000_000 });
    await load();
    cache.tamper(MODEL_URL, (e) => (e.bytes[1000] ^= 0xff));
    fetched.length = 0;
    expect((await load()).fromCache).toBe(true);
    cache.tamper(MODEL_URL, (e) => (e.bytes = e.bytes.slice(1)));
    expect((await load()).fromCache).toBe(false);
  });
});
