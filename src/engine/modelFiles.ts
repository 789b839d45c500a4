/**
 * Fetching a model's files with byte-level progress, through an optional Cache Storage so that a
 * second visit works offline. An entry is written only after its whole body arrived, with its size
 * and SHA-256; on read, a damaged entry is dropped and fetched again. Every entry must have its
 * recorded size; entries up to `HASH_CHECK_LIMIT` must also have their recorded SHA-256. Hashing
 * time grows with the file: cheap for tiny-gpt2 and the 8-bit GPT-2, but for the fp32 files it
 * would add about half again to every load (bench/README.md, "Figures behind code comments").
 * Larger entries are therefore checked by size only: that catches what a broken write leaves (a
 * short file); a same-size corruption of a 500 MB entry goes unnoticed.
 */
import type { ModelSpec } from './modelCatalog';
import { parseModelConfig, type ModelShape } from './modelShape';
import {
  fetchTokenizer,
  hasOwnTokenizer,
  TOKENIZER_FILES,
  type ReadFile,
} from './modelTokenizerFiles';
import type { TokenizerFiles } from './vocabulary/loadVocabulary';
import type { Vocabulary } from './vocabulary/types';

export interface FileProgress {
  file: string;
  loaded: number;
  /** Total bytes when the server said so, else null. */
  total: number | null;
  fromCache: boolean;
}

export interface FetchOptions {
  fetchImpl?: typeof fetch;
  /** Cache Storage bucket; null or missing disables caching (Node, private windows). */
  cache?: Cache | null;
  onProgress?: (progress: FileProgress) => void;
  signal?: AbortSignal;
  /** Resolves relative `baseUrl`s (local models) against the app's location. */
  baseHref?: string;
  /** Cached files up to this many bytes are checked by hash on read (default HASH_CHECK_LIMIT). */
  hashCheckLimit?: number;
  /**
   * false: never fetch a tokenizer, whatever config.json says (the browser build reads a GPT-2
   * checkpoint's weights, and refuses any other family by its config, not by a missing file).
   */
  tokenizer?: boolean;
}

export interface ModelFiles {
  shape: ModelShape;
  modelBytes: Uint8Array;
  /** The model file actually used, relative to the model folder. */
  modelFile: string;
  fromCache: boolean;
  /**
   * A Llama-family model's own tokenizer (`tokenizer.json` and the configs beside it), read and
   * checked before the model file was fetched; absent for GPT-2's family, which has GPT-2's.
   */
  tokenizer?: { files: TokenizerFiles; vocabulary: Vocabulary };
}

export class ModelFetchError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'network' | 'bad_config' | 'bad_tokenizer' | 'aborted',
  ) {
    super(message);
    this.name = 'ModelFetchError';
  }
}

const SIZE_HEADER = 'x-stepwise-bytes';
const HASH_HEADER = 'x-stepwise-sha256';
export const HASH_CHECK_LIMIT = 256 * 1024 * 1024;

/** SHA-256 as lowercase hex; null where crypto.subtle is missing (an insecure context). */
export async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function readBody(
  response: Response,
  file: string,
  onProgress: FetchOptions['onProgress'],
): Promise<Uint8Array> {
  const header = Number(response.headers.get('content-length'));
  // Content-Length of a compressed response counts compressed bytes: only trust it as a hint.
  const total = Number.isFinite(header) && header > 0 ? header : null;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.({ file, loaded: bytes.length, total: bytes.length, fromCache: false });
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (loaded - lastReport > 256 * 1024 || loaded === total) {
      lastReport = loaded;
      onProgress?.({ file, loaded, total, fromCache: false });
    }
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  onProgress?.({ file, loaded, total: loaded, fromCache: false });
  return bytes;
}

/** Whether cached bytes are what was written: size always, SHA-256 up to `hashCheckLimit`. */
async function isIntact(bytes: Uint8Array, headers: Headers, hashCheckLimit: number) {
  const size = Number(headers.get(SIZE_HEADER));
  if (!Number.isFinite(size) || bytes.length !== size || bytes.length === 0) return false;
  if (bytes.length > hashCheckLimit) return true;
  // An entry without a hash comes from an older writer: it counts as damaged.
  const recorded = headers.get(HASH_HEADER);
  const actual = await sha256Hex(bytes);
  return actual === null || actual === recorded;
}

/** The Cache Storage bucket the app keeps model files in (the worker, the page's checks, picks). */
export const MODEL_CACHE = 'stepwise-models-v1';

/** The model cache, or null where there is none or storage is disabled (some private windows). */
export async function openModelCache(): Promise<Cache | null> {
  try {
    return 'caches' in globalThis ? await caches.open(MODEL_CACHE) : null;
  } catch {
    return null;
  }
}

async function readCached(cache: Cache, url: string, hashCheckLimit: number) {
  const hit = await cache.match(url);
  if (!hit) return null;
  const bytes = new Uint8Array(await hit.arrayBuffer());
  if (!(await isIntact(bytes, hit.headers, hashCheckLimit))) {
    await cache.delete(url); // damaged or from an older writer: fetch it again
    return null;
  }
  return bytes;
}

/**
 * Fetches one file, from the cache (under `cacheKey`) when it holds it whole; returns null on 404
 * so callers can try the next candidate name. Without `url` only the cache is read.
 */
export async function fetchFile(
  url: string | null,
  cacheKey: string,
  file: string,
  options: FetchOptions,
): Promise<{ bytes: Uint8Array; fromCache: boolean } | null> {
  const { cache, onProgress, signal } = options;
  if (cache) {
    const cached = await readCached(cache, cacheKey, options.hashCheckLimit ?? HASH_CHECK_LIMIT);
    if (cached) {
      onProgress?.({ file, loaded: cached.length, total: cached.length, fromCache: true });
      return { bytes: cached, fromCache: true };
    }
  }
  if (url === null) return null;
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, { signal, mode: 'cors' });
  } catch (error) {
    if (signal?.aborted) throw new ModelFetchError('download cancelled', 'aborted');
    throw new ModelFetchError(`could not reach ${url}: ${String(error)}`, 'network');
  }
  // Single-page-app hosts answer missing files with their index.html and a 200: not a model file.
  const html = (response.headers.get('content-type') ?? '').includes('text/html');
  if (response.status === 404 || (response.ok && html)) return null;
  if (!response.ok) throw new ModelFetchError(`${url} answered HTTP ${response.status}`, 'network');
  let bytes: Uint8Array;
  try {
    bytes = await readBody(response, file, onProgress);
  } catch (error) {
    if (signal?.aborted) throw new ModelFetchError('download cancelled', 'aborted');
    throw new ModelFetchError(`the download of ${file} broke off: ${String(error)}`, 'network');
  }
  if (cache) {
    try {
      await putWhole(cache, cacheKey, bytes.slice().buffer, bytes.length, await sha256Hex(bytes));
    } catch {
      // Quota exceeded or storage disabled: keep the model in memory for this visit only.
    }
  }
  return { bytes, fromCache: false };
}

/**
 * Files a whole file in the cache with the size (and, when given, the SHA-256) that reads check.
 * Entries up to HASH_CHECK_LIMIT need their hash to be read back. Throws when the cache refuses.
 */
export async function putWhole(
  cache: Cache,
  url: string,
  body: ArrayBuffer | Blob,
  size: number,
  hash: string | null,
): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    [SIZE_HEADER]: `${size}`,
    ...(hash ? { [HASH_HEADER]: hash } : {}),
  };
  await cache.put(url, new Response(body, { headers }));
}

export function resolveModelUrl(spec: ModelSpec, file: string, baseHref?: string): string {
  const base = baseHref ? new URL(spec.baseUrl, baseHref).href : spec.baseUrl;
  return `${base}${file}`;
}

/** Where the cache files `file` of `spec`: under `cacheBaseUrl` when the spec has one. */
export function modelCacheKey(spec: ModelSpec, file: string, baseHref?: string): string {
  return spec.cacheBaseUrl ? `${spec.cacheBaseUrl}${file}` : resolveModelUrl(spec, file, baseHref);
}

/**
 * Whether the cache holds `url` whole: an entry with its recorded size, and a body of that size
 * (Cache Storage hands the body back as a Blob whose size needs no read of its bytes).
 */
export async function hasWhole(cache: Cache, url: string): Promise<boolean> {
  const hit = await cache.match(url);
  if (!hit) return false;
  const size = Number(hit.headers.get(SIZE_HEADER));
  return Number.isFinite(size) && size > 0 && (await hit.blob()).size === size;
}

/**
 * Fetches `config.json`, a Llama-family model's tokenizer files, then the first model file that
 * exists, reporting progress throughout.
 * Picked files (`origin: 'files'`) and built ones (`built`) are read from the cache only: nothing
 * on the network has them.
 */
export async function fetchModelFiles(spec: ModelSpec, options: FetchOptions): Promise<ModelFiles> {
  const networkless = spec.origin === 'files' || spec.origin === 'built';
  const get = (file: string, fileOptions: FetchOptions) =>
    fetchFile(
      networkless ? null : resolveModelUrl(spec, file, options.baseHref),
      modelCacheKey(spec, file, options.baseHref),
      file,
      fileOptions,
    );
  const configUrl = modelCacheKey(spec, 'config.json', options.baseHref);
  const config = await get('config.json', { ...options, onProgress: undefined });
  if (!config) {
    throw new ModelFetchError(
      networkless
        ? spec.origin === 'built'
          ? `the files of ${spec.id} are not in this browser's storage: build it again`
          : `the files of ${spec.id} are no longer in this browser's storage: load them again`
        : `no model at ${resolveModelUrl(spec, '', options.baseHref)}`,
      'not_found',
    );
  }
  let shape: ModelShape;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(config.bytes));
    shape = parseModelConfig(parsed);
  } catch (error) {
    await options.cache?.delete(configUrl);
    throw new ModelFetchError(
      `the model's config.json is unusable: ${String(error)}`,
      'bad_config',
    );
  }
  if (options.tokenizer === false || !hasOwnTokenizer(parsed)) {
    return fetchModelFile(spec, shape, get, options);
  }
  // A Llama-family model: its tokenizer is read before the large file is fetched, and a tokenizer
  // that fails leaves none of the folder's small files cached (a later load starts clean, as
  // config.json's own failure does above). A model file that fails keeps them, as it keeps
  // config.json: they are whole, and another of the folder's files (the inspection file, the
  // other backend's) is fetched with them.
  const where = resolveModelUrl(spec, '', options.baseHref);
  const tokenizer = await tokenizerOf((file) => get(file, options), where).catch(
    async (error: unknown) => {
      const small = ['config.json', ...TOKENIZER_FILES];
      const keys = small.map((file) => modelCacheKey(spec, file, options.baseHref));
      await Promise.all(keys.map((key) => options.cache?.delete(key))).catch(() => undefined);
      throw error;
    },
  );
  return { ...(await fetchModelFile(spec, shape, get, options)), tokenizer };
}

/** The folder's tokenizer, its refusal (or absence) as a ModelFetchError. */
export async function tokenizerOf(read: ReadFile, where: string) {
  const tokenizer = await fetchTokenizer(read).catch((error: unknown) => {
    if (error instanceof ModelFetchError) throw error; // the network's failure, not the file's
    const detail = error instanceof Error ? error.message : String(error);
    throw new ModelFetchError(`the model's tokenizer cannot be read: ${detail}`, 'bad_tokenizer');
  });
  if (!tokenizer) throw new ModelFetchError(`no tokenizer.json at ${where}`, 'not_found');
  return tokenizer;
}

type GetFile = (
  file: string,
  options: FetchOptions,
) => Promise<{ bytes: Uint8Array; fromCache: boolean } | null>;

/** The first of the spec's model files that exists. */
async function fetchModelFile(
  spec: ModelSpec,
  shape: ModelShape,
  get: GetFile,
  options: FetchOptions,
): Promise<ModelFiles> {
  for (const file of spec.modelFiles) {
    const result = await get(file, options);
    if (result)
      return { shape, modelBytes: result.bytes, modelFile: file, fromCache: result.fromCache };
  }
  throw new ModelFetchError(
    `no model file (${spec.modelFiles.join(' or ')}) at ${resolveModelUrl(spec, '', options.baseHref)}`,
    'not_found',
  );
}
