import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECIPES } from '../../../scripts/makeModel';
import { builtModel, WEIGHTS_FILE } from '../modelCatalog';
import { fetchModelFiles, ModelFetchError, type FileProgress } from '../modelFiles';
import { modelConfigJson } from '../modelShape';
import { fromSource } from '../modelSources';
import { BUILT_FILES } from './appFiles';
import { builtFileKey, ensureBuilt, isBuilt, STAMP_FILE, type BuildProgress } from './browserBuild';
import { GPT2_WRITER_VERSION } from './gpt2Graph';
import { MemoryCache } from '../testing/memoryCache';
import { tinyCheckpoint } from '../testing/tinyCheckpoint';
import { writeSafetensors } from './safetensors';

const TINY_DIR = fileURLToPath(new URL('../../../public/models/tiny-gpt2/', import.meta.url));
const HUB = 'https://huggingface.co/openai-community/gpt2/resolve/main/';
const MIRROR = 'https://hf-mirror.com/openai-community/gpt2/resolve/main/';
const SPEC = builtModel('openai-community/gpt2');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** tiny-gpt2's weights as the Hub's original checkpoint: config.json and model.safetensors. */
let checkpoint: Record<string, Uint8Array>;

beforeAll(() => {
  checkpoint = tinyCheckpoint().files;
});

/** A special answer for a file, or null to serve the checkpoint's bytes (404 for other files). */
type Serve = (file: string) => Response | null;

/** A fetch that serves `files` under `base`, logging each file asked for. */
function source(base: string, serve: Serve) {
  const fetched: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = String(input);
    const file = url.startsWith(base) ? url.slice(base.length) : url;
    fetched.push(file);
    const special = serve(file);
    if (special) return special;
    const bytes = checkpoint[file];
    if (!bytes) return new Response('Entry not found', { status: 404 });
    return new Response(bytes.slice());
  }) as typeof fetch;
  return { fetched, fetchImpl };
}

const served: Serve = () => null;

/** A body that delivers `part` bytes of `bytes` and then breaks off. */
function breaking(bytes: Uint8Array, part: number): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, part));
      controller.error(new TypeError('network error'));
    },
  });
  return new Response(body, { headers: { 'content-length': `${bytes.length}` } });
}

/** A build from the Hub into a fresh cache, stopped once `done` of its files are made. */
async function stoppedBuild(done: number) {
  const cache = new MemoryCache();
  const { fetched, fetchImpl } = source(HUB, served);
  const controller = new AbortController();
  const first = ensureBuilt(SPEC, {
    cache: cache.asCache,
    fetchImpl,
    signal: controller.signal,
    onBuild: (p) => {
      if (p.done === done) controller.abort();
    },
  });
  await expect(first).rejects.toMatchObject({ code: 'aborted' });
  return { cache, fetched, fetchImpl };
}

/**
 * The next try after a stopped build: the files it made and the progress it showed, with `fetched`
 * emptied first so that it lists this try's downloads alone.
 */
async function tryAgain(stopped: Awaited<ReturnType<typeof stoppedBuild>>) {
  stopped.fetched.length = 0;
  const builds: BuildProgress[] = [];
  const { built } = await ensureBuilt(SPEC, {
    cache: stopped.cache.asCache,
    fetchImpl: stopped.fetchImpl,
    onBuild: (p) => builds.push(p),
  });
  return { built, builds };
}

describe('building a model in the browser', () => {
  it('makes the Node writer’s files byte for byte, config.json last, then drops the checkpoint', async () => {
    const cache = new MemoryCache();
    const { fetched, fetchImpl } = source(HUB, served);
    const builds: BuildProgress[] = [];
    const downloads: FileProgress[] = [];
    const result = await ensureBuilt(SPEC, {
      cache: cache.asCache,
      fetchImpl,
      onBuild: (p) => builds.push(p),
      onDownload: (p) => downloads.push(p),
    });
    expect(result.built).toEqual([...BUILT_FILES]);
    expect(fetched).toEqual(['config.json', WEIGHTS_FILE]);
    // The files `npm run models:tiny` wrote from the same weights in Node.
    for (const file of BUILT_FILES) {
      const entry = cache.entries.get(builtFileKey(SPEC, file))!;
      expect(sha256(entry.bytes)).toBe(sha256(readFileSync(`${TINY_DIR}${file}`)));
      expect(entry.headers.get('x-stepwise-sha256')).toBe(sha256(entry.bytes));
    }
    // The writer's version first, then each file, config.json last.
    const builtPuts = cache.puts.filter((url) => url.startsWith(SPEC.baseUrl));
    expect(builtPuts).toEqual(
      [STAMP_FILE, ...BUILT_FILES, 'config.json'].map((file) => builtFileKey(SPEC, file)),
    );
    const stamp = cache.entries.get(builtFileKey(SPEC, STAMP_FILE))!;
    expect(new TextDecoder().decode(stamp.bytes)).toBe(GPT2_WRITER_VERSION);
    expect(cache.entries.has(`${HUB}${WEIGHTS_FILE}`)).toBe(false);
    expect(builds).toEqual([
      ...BUILT_FILES.map((file, done) => ({ file, done, total: 3 })),
      { file: BUILT_FILES[2], done: 3, total: 3 },
    ]);
    const last = downloads.filter((p) => p.file === WEIGHTS_FILE).at(-1)!;
    expect(last.loaded).toBe(checkpoint[WEIGHTS_FILE].length);
    expect(await isBuilt(cache.asCache, SPEC)).toBe(true);

    // Built: the engine reads the slots and inspection files from the cache alone.
    fetched.length = 0;
    const files = await fetchModelFiles(SPEC, { cache: cache.asCache, fetchImpl });
    expect(files.modelFile).toBe(BUILT_FILES[0]);
    expect(files.shape).toEqual(RECIPES['tiny-gpt2'].shape);
    expect(fetched).toEqual([]);
    const elsewhere = fetchModelFiles(SPEC, { cache: new MemoryCache().asCache, fetchImpl });
    await expect(elsewhere).rejects.toThrow(/not in this browser's storage: build it again/);
    expect(fetched).toEqual([]);

    // A second call finds it whole and touches neither the network nor the cache.
    fetched.length = 0;
    const putsBefore = cache.puts.length;
    expect(
      (
        await ensureBuilt(builtModel(SPEC.id.split('@')[0], 'q8'), {
          cache: cache.asCache,
          fetchImpl,
        })
      ).built,
    ).toEqual([]);
    expect(fetched).toEqual([]);
    expect(cache.puts).toHaveLength(putsBefore);
  });

  it('stops between files on a cancel, leaving whole files only; the next try makes the rest without downloading again', async () => {
    // Stop pressed while the second file is made: it is finished and filed, the third is not.
    const stopped = await stoppedBuild(1);
    const { cache, fetched } = stopped;
    const builtKeys = [...cache.entries.keys()].filter((url) => url.startsWith(SPEC.baseUrl));
    expect(builtKeys).toEqual(
      [STAMP_FILE, ...BUILT_FILES.slice(0, 2)].map((file) => builtFileKey(SPEC, file)),
    );
    expect(await isBuilt(cache.asCache, SPEC)).toBe(false);
    // The checkpoint stays for the next try.
    expect(cache.entries.has(`${HUB}${WEIGHTS_FILE}`)).toBe(true);

    const again = await tryAgain(stopped);
    expect(again.built).toEqual(BUILT_FILES.slice(2));
    expect(fetched).toEqual([]);
    expect(again.builds[0]).toEqual({ file: BUILT_FILES[2], done: 0, total: 1 });
    for (const file of BUILT_FILES) {
      const entry = cache.entries.get(builtFileKey(SPEC, file))!;
      expect(sha256(entry.bytes)).toBe(sha256(readFileSync(`${TINY_DIR}${file}`)));
    }
    expect(cache.entries.has(`${HUB}${WEIGHTS_FILE}`)).toBe(false);
  });

  it('a build stopped after its last file only files config.json on the next try', async () => {
    const stopped = await stoppedBuild(BUILT_FILES.length - 1);
    const { cache, fetched } = stopped;
    expect(cache.entries.has(builtFileKey(SPEC, 'config.json'))).toBe(false);
    expect(await isBuilt(cache.asCache, SPEC)).toBe(false);
    const again = await tryAgain(stopped);
    expect(again.built).toEqual([]);
    expect(again.builds).toEqual([]);
    expect(fetched).toEqual([]);
    expect(await isBuilt(cache.asCache, SPEC)).toBe(true);
    expect(cache.entries.has(`${HUB}${WEIGHTS_FILE}`)).toBe(false);
  });

  it('builds again, from the start, the files another writer version made', async () => {
    const cache = new MemoryCache();
    const { fetched, fetchImpl } = source(HUB, served);
    await ensureBuilt(SPEC, { cache: cache.asCache, fetchImpl });
    const older = new TextEncoder().encode('stepwise-gpt2-onnx-0');
    cache.entries.get(builtFileKey(SPEC, STAMP_FILE))!.bytes = older;
    const slots = cache.entries.get(builtFileKey(SPEC, BUILT_FILES[0]))!;
    slots.bytes = slots.bytes.slice();
    slots.bytes[slots.bytes.length - 1] ^= 1; // as an older writer's file would differ
    expect(await isBuilt(cache.asCache, SPEC)).toBe(false);
    fetched.length = 0;
    const again = await ensureBuilt(SPEC, { cache: cache.asCache, fetchImpl });
    expect(again.built).toEqual([...BUILT_FILES]);
    // The weights were deleted after the first build: downloaded again (config.json was kept).
    expect(fetched).toEqual([WEIGHTS_FILE]);
    for (const file of BUILT_FILES) {
      const entry = cache.entries.get(builtFileKey(SPEC, file))!;
      expect(sha256(entry.bytes)).toBe(sha256(readFileSync(`${TINY_DIR}${file}`)));
    }
    expect(await isBuilt(cache.asCache, SPEC)).toBe(true);
  });

  it('leaves no entry of a download that broke off, says so, and builds on the next try', async () => {
    const cache = new MemoryCache();
    let broken = true;
    const { fetchImpl } = source(HUB, (file) =>
      file === WEIGHTS_FILE && broken ? breaking(checkpoint[file], 4096) : null,
    );
    const failed = ensureBuilt(SPEC, { cache: cache.asCache, fetchImpl });
    await expect(failed).rejects.toMatchObject({ code: 'network' });
    await expect(failed).rejects.toThrow(/could not be downloaded from .*huggingface/);
    expect([...cache.entries.keys()]).toEqual([`${HUB}config.json`]);
    broken = false;
    expect((await ensureBuilt(SPEC, { cache: cache.asCache, fetchImpl })).built).toEqual([
      ...BUILT_FILES,
    ]);
  });

  it('names a missing checkpoint (404) and an unreachable source', async () => {
    const cache = new MemoryCache();
    const missing = source(HUB, (file) =>
      file === WEIGHTS_FILE ? new Response('Entry not found', { status: 404 }) : null,
    );
    const notFound = ensureBuilt(SPEC, { cache: cache.asCache, fetchImpl: missing.fetchImpl });
    await expect(notFound).rejects.toBeInstanceOf(ModelFetchError);
    await expect(notFound).rejects.toMatchObject({ code: 'not_found' });
    await expect(notFound).rejects.toThrow(`no GPT-2 checkpoint at ${HUB}`);

    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const unreachable = ensureBuilt(SPEC, { cache: new MemoryCache().asCache, fetchImpl: offline });
    await expect(unreachable).rejects.toMatchObject({ code: 'network' });
    await expect(unreachable).rejects.toThrow(/offline/);
  });

  it('refuses weights that are not GPT-2’s and drops them, so that a retry downloads them again', async () => {
    const cache = new MemoryCache();
    const tensors = new Map([
      ['model.embed_tokens.weight', { dims: [2, 2], data: new Float32Array(4) }],
    ]);
    const llama = source(HUB, (file) =>
      file === WEIGHTS_FILE
        ? new Response(writeSafetensors(tensors) as Uint8Array<ArrayBuffer>)
        : null,
    );
    const refused = ensureBuilt(SPEC, { cache: cache.asCache, fetchImpl: llama.fetchImpl });
    await expect(refused).rejects.toMatchObject({ code: 'bad_config' });
    await expect(refused).rejects.toThrow(/holds no GPT-2 checkpoint: .*not a GPT-2 checkpoint/);
    expect(cache.entries.size).toBe(0);

    const otherConfig = JSON.stringify({
      ...modelConfigJson(RECIPES['tiny-gpt2'].shape),
      model_type: 'llama',
    });
    const config = source(HUB, (file) =>
      file === 'config.json' ? new Response(otherConfig) : null,
    );
    const wrong = ensureBuilt(SPEC, { cache: cache.asCache, fetchImpl: config.fetchImpl });
    await expect(wrong).rejects.toThrow(/not a GPT-2/);
    expect(cache.entries.size).toBe(0);
  });

  it('downloads from a mirror, filing the checkpoint under the Hub’s URLs meanwhile', async () => {
    const cache = new MemoryCache();
    const { fetched, fetchImpl } = source(MIRROR, served);
    const seen: string[] = [];
    const mirrored = fromSource(SPEC, { kind: 'mirror' });
    await ensureBuilt(mirrored, {
      cache: cache.asCache,
      fetchImpl,
      onBuild: () => seen.push(...cache.entries.keys()),
    });
    expect(fetched).toEqual(['config.json', WEIGHTS_FILE]);
    expect(seen).toContain(`${HUB}${WEIGHTS_FILE}`);
    expect([...cache.entries.keys()].some((url) => url.startsWith(MIRROR))).toBe(false);
    expect(await isBuilt(cache.asCache, SPEC)).toBe(true);
  });

  it('needs the browser’s storage', async () => {
    await expect(ensureBuilt(SPEC, { cache: null })).rejects.toThrow(/keeps no files/);
  });
});
