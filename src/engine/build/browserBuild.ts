/**
 * A model built in the browser from a checkpoint's original weights: the Hub's `config.json` and
 * `model.safetensors` of a GPT-2-family repo become the app's own files (BUILT_FILES: the slots
 * files in float32 and 8-bit, and the inspection file), written by the same functions as the
 * Node export, so they are byte for byte the files `npm run models:export` writes.
 *
 * The build is resumable by whole files. Every file is filed in Cache Storage whole (putWhole),
 * one at a time, so a build cut short (a closed tab, a network cut, Stop) leaves only whole
 * entries, and the next try makes just the missing ones: the downloaded weights too stay in the
 * cache until every file is built. `config.json` goes into the built folder last. The folder
 * records the writer version that builds it (its first entry): files of another version are
 * built again, as `npm run models:ensure` rewrites tiny-gpt2 after the writer changed.
 *
 * Pure TypeScript: the cache, fetch and the abort signal are given, so Vitest runs it under Node.
 */
import { WEIGHTS_FILE, type ModelSpec } from '../modelCatalog';
import {
  fetchModelFiles,
  hasWhole,
  modelCacheKey,
  ModelFetchError,
  putWhole,
  sha256Hex,
  type FileProgress,
} from '../modelFiles';
import type { ModelShape } from '../modelShape';
import { checkPickedConfig } from '../pickedModel';
import { errorMessage } from '../errorMessage';
import { appFileBytes, BUILT_FILES, type AppFile } from './appFiles';
import { GPT2_WRITER_VERSION, type Gpt2Weights } from './gpt2Graph';
import { gpt2WeightsFromSafetensors } from './hubWeights';

/** One file of the build is being made: `done` of `total` (the files missing) are filed. */
export interface BuildProgress {
  file: AppFile;
  done: number;
  total: number;
}

export interface BuildOptions {
  /** The model cache; a build needs one (it keeps what it makes nowhere else). */
  cache: Cache | null;
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
  /** Byte progress of the original weights' download (or their read from the cache). */
  onDownload?: (progress: FileProgress) => void;
  /** Called as each missing file starts, and once more when all are filed. */
  onBuild?: (progress: BuildProgress) => void;
}

export interface BuildResult {
  /** The files made by this call; empty when the cache held the whole model already. */
  built: AppFile[];
}

/** Where a built model's file is filed: under its reserved folder (never fetched). */
export const builtFileKey = (spec: ModelSpec, file: string): string => `${spec.baseUrl}${file}`;

/** The folder's entry naming the writer version its files are made by (as the Node stamp). */
export const STAMP_FILE = '.stepwise-version';

/** The writer version that made `spec`'s built files, or null where none is recorded. */
async function builtVersion(cache: Cache, spec: ModelSpec): Promise<string | null> {
  const hit = await cache.match(builtFileKey(spec, STAMP_FILE));
  return hit ? hit.text() : null;
}

/**
 * Whether the cache holds every file of `spec`'s build whole, its config.json included, made by
 * this writer version.
 */
export async function isBuilt(cache: Cache, spec: ModelSpec): Promise<boolean> {
  const files = ['config.json', ...BUILT_FILES];
  const whole = await Promise.all(files.map((file) => hasWhole(cache, builtFileKey(spec, file))));
  return whole.every(Boolean) && (await builtVersion(cache, spec)) === GPT2_WRITER_VERSION;
}

const cancelled = (): ModelFetchError => new ModelFetchError('build cancelled', 'aborted');

/** A turn of the event loop, so that a cancel posted while a file was made is read. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The spec that downloads the original weights: the checkpoint's folder, read as a Hub folder. */
function weightsSpec(spec: ModelSpec): ModelSpec {
  const { weights } = spec;
  if (spec.origin !== 'built' || !weights) {
    throw new Error(`${spec.id} is not a model built in the browser`);
  }
  return {
    ...spec,
    origin: 'hub',
    baseUrl: weights.baseUrl,
    cacheBaseUrl: weights.cacheBaseUrl,
    modelFiles: [WEIGHTS_FILE],
  };
}

/** The download's failure in words a student can act on, its code kept. */
function downloadFailure(error: unknown, source: ModelSpec): unknown {
  if (!(error instanceof ModelFetchError)) return error;
  const where = source.baseUrl;
  switch (error.code) {
    case 'not_found':
      return new ModelFetchError(
        `no GPT-2 checkpoint at ${where}: config.json or ${WEIGHTS_FILE} is missing there (404)`,
        'not_found',
      );
    case 'network':
      return new ModelFetchError(
        `the original weights could not be downloaded from ${where} (offline, or the source is blocked?): ${error.message}`,
        'network',
      );
    case 'bad_config':
      return new ModelFetchError(
        `${where} holds no GPT-2 checkpoint: ${error.message}`,
        'bad_config',
      );
    default:
      return error;
  }
}

/**
 * The checkpoint's config (its bytes, to be filed with the built model, and its shape) and
 * weights. A config or weights that are not GPT-2's are dropped from the cache with the error, so
 * that the next try downloads them again.
 */
async function readCheckpoint(
  source: ModelSpec,
  cache: Cache,
  options: BuildOptions,
): Promise<{ config: Uint8Array; shape: ModelShape; weights: Gpt2Weights }> {
  const { signal } = options;
  const configKey = modelCacheKey(source, 'config.json');
  const weightsKey = modelCacheKey(source, WEIGHTS_FILE);
  const notGpt2 = async (error: unknown): Promise<never> => {
    await Promise.all([cache.delete(configKey), cache.delete(weightsKey)]);
    throw new ModelFetchError(
      `${source.baseUrl} holds no GPT-2 checkpoint: ${errorMessage(error)}`,
      'bad_config',
    );
  };
  const files = await fetchModelFiles(source, {
    cache,
    fetchImpl: options.fetchImpl,
    signal,
    onProgress: options.onDownload,
    tokenizer: false,
  }).catch((error: unknown) => {
    throw downloadFailure(error, source);
  });
  const hit = await cache.match(configKey);
  if (!hit) {
    throw new Error(
      `the browser's storage refused the downloaded files: free some space (the build needs about ${Math.round((3 * files.modelBytes.length) / 1e6)} MB) and try again`,
    );
  }
  const config = new Uint8Array(await hit.arrayBuffer());
  let shape: ModelShape;
  try {
    shape = checkPickedConfig(new TextDecoder().decode(config));
  } catch (error) {
    return notGpt2(error);
  }
  let weights: Gpt2Weights;
  try {
    // Every tensor is copied out: the checkpoint's bytes are dropped when this function returns.
    weights = gpt2WeightsFromSafetensors(files.modelBytes, shape);
  } catch (error) {
    return notGpt2(error);
  }
  return { config, shape, weights };
}

/** Files `bytes` whole under `url`, with its size and SHA-256 (the reads check both). */
async function fileWhole(cache: Cache, url: string, file: string, bytes: Uint8Array) {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const body = (whole ? bytes : bytes.slice()).buffer as ArrayBuffer;
  try {
    await putWhole(cache, url, body, bytes.length, await sha256Hex(bytes));
  } catch (error) {
    throw new Error(
      `the browser's storage refused ${file} (${(bytes.length / 1e6).toFixed(0)} MB): free some space and try again (${errorMessage(error)})`,
      { cause: error },
    );
  }
}

/**
 * Makes sure the cache holds `spec`'s built files: at once when it does; otherwise downloads the
 * original weights (or reads them from the cache, where an earlier try left them), makes each
 * missing file and files it whole, then config.json. The signal is checked between files.
 */
export async function ensureBuilt(spec: ModelSpec, options: BuildOptions): Promise<BuildResult> {
  const { cache, signal, onBuild } = options;
  const source = weightsSpec(spec);
  if (!cache) {
    throw new Error(
      'this browser keeps no files for this page (a private window, or an address without https), so the model cannot be built here',
    );
  }
  if (await isBuilt(cache, spec)) return { built: [] };

  const { config, shape, weights } = await readCheckpoint(source, cache, options);
  const version = await builtVersion(cache, spec);
  if (version !== GPT2_WRITER_VERSION) {
    // Files of another writer version (or none): the folder is made again from the start, and
    // first says which version makes it, so that a later try resumes only files of this one.
    const entries = [STAMP_FILE, 'config.json', ...BUILT_FILES];
    await Promise.all(entries.map((file) => cache.delete(builtFileKey(spec, file))));
    const stamp = new TextEncoder().encode(GPT2_WRITER_VERSION);
    await fileWhole(cache, builtFileKey(spec, STAMP_FILE), STAMP_FILE, stamp);
  }
  const present = await Promise.all(BUILT_FILES.map((f) => hasWhole(cache, builtFileKey(spec, f))));
  const missing = BUILT_FILES.filter((_, i) => !present[i]);
  const built: AppFile[] = [];
  for (const file of missing) {
    await nextTurn();
    if (signal?.aborted) throw cancelled();
    onBuild?.({ file, done: built.length, total: missing.length });
    // One file at a time: a file's bytes are dropped once filed (GPT-2's float32 slots file
    // alone is 498 MB).
    await fileWhole(cache, builtFileKey(spec, file), file, appFileBytes(file, shape, weights));
    built.push(file);
  }
  if (signal?.aborted) throw cancelled();
  // Last: with config.json the folder is whole (availability and isBuilt look for all files).
  await fileWhole(cache, builtFileKey(spec, 'config.json'), 'config.json', config);
  const last = missing.at(-1);
  if (last) onBuild?.({ file: last, done: built.length, total: missing.length });
  // The checkpoint is no longer needed once every file is built, and GPT-2's holds 548 MB of the
  // browser's storage (distilgpt2's 353 MB): deleted. Rebuilding would download it again.
  await cache.delete(modelCacheKey(source, WEIGHTS_FILE));
  return { built };
}
