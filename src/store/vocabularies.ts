/**
 * The page's vocabulary per model: GPT-2's for GPT-2's family, else the one the model's own
 * tokenizer files make (a Llama-family model from the Hub). A model's vocabulary is held once its
 * load brought its tokenizer (`ready`, receiveEvent.ts), or once a saved or imported run of it was
 * read from the cache the load filed its files in (findVocabulary). Nothing here is "the current
 * tokenizer": every caller names the model whose tokens it encodes, views or decodes.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { HUB_CATALOGUE } from '../engine/hubCatalogue';
import { HUB_REPO, modelFromId } from '../engine/modelCatalog';
import { openModelCache } from '../engine/modelFiles';
import { readModelVocabulary } from '../engine/modelVocabulary';
import { GPT2_VOCABULARY } from '../engine/vocabulary/gpt2Vocabulary';
import { ID_VOCABULARY } from '../engine/vocabulary/idVocabulary';
import { loadVocabulary, type TokenizerFiles } from '../engine/vocabulary/loadVocabulary';
import type { Vocabulary } from '../engine/vocabulary/types';

/**
 * The Hub repos the app itself names for GPT-2's family: GPT-2 (the default source) and the
 * catalogue's GPT-2 models. Known without a look at their files, as before other models existed.
 */
const GPT2_REPOS = new Set([
  HUB_REPO,
  ...HUB_CATALOGUE.filter((m) => m.id.includes('gpt2')).map((m) => m.repo),
]);

/** Models with a tokenizer of their own, by id. */
const own = new Map<string, Vocabulary>();
/** Hub models found to read GPT-2's vocabulary (their config.json names no tokenizer). */
const gpt2Hub = new Set<string>();
/** Reads from the cache under way, so that one model's files are read once. */
const finding = new Map<string, Promise<Vocabulary | null>>();
/** The models whose read under way is the cache's alone (findVocabulary). */
const cacheOnly = new Set<string>();
const listeners = new Set<(modelId: string) => void>();

/** Tells the views and the runs (runVocabulary.ts) that `modelId`'s vocabulary is now known. */
function changed(modelId: string): void {
  for (const listener of listeners) listener(modelId);
}

/**
 * The vocabulary `modelId` is known to read, or null while that is not known: a Hub id whose
 * load or cached files have not said yet. The app's own models, picked files, built models and
 * the Hub repos of GPT-2's family the app names (GPT2_REPOS) are GPT-2's.
 */
export function knownVocabulary(modelId: string | null | undefined): Vocabulary | null {
  if (!modelId) return GPT2_VOCABULARY;
  const held = own.get(modelId);
  if (held) return held;
  const spec = modelFromId(modelId);
  if (spec?.origin !== 'hub' || gpt2Hub.has(modelId)) return GPT2_VOCABULARY;
  const repo = modelId.slice(0, modelId.indexOf('@'));
  return GPT2_REPOS.has(repo) ? GPT2_VOCABULARY : null;
}

/**
 * The vocabulary to show `modelId`'s tokens with: the one it is known to read, else bare ids
 * (idVocabulary.ts): a Hub model whose files this browser does not hold may read its own
 * tokenizer, and another vocabulary's text would be wrong. Its ids show until the vocabulary is
 * found (the model's load, its cached files, or its tokenizer fetched again: fetchVocabulary).
 */
export const vocabularyOf = (modelId: string | null | undefined): Vocabulary =>
  knownVocabulary(modelId) ?? ID_VOCABULARY;

/**
 * Holds what a model's load said: its tokenizer files (read here, ~2 s for Qwen's) or none (GPT-2's
 * family). Throws the vocabulary's refusal for files it cannot read.
 */
export function holdVocabulary(modelId: string, files: TokenizerFiles | undefined): void {
  if (!files) {
    if (!own.delete(modelId) && knownVocabulary(modelId)) return; // nothing new
    gpt2Hub.add(modelId);
  } else {
    if (own.has(modelId)) return; // the same model loaded again: its vocabulary is held
    own.set(modelId, loadVocabulary(files));
    gpt2Hub.delete(modelId);
  }
  changed(modelId);
}

/**
 * Finds `modelId`'s vocabulary without loading the model: from the files its load cached (or its
 * folder, for the app's own models). Null where they cannot be read; never throws.
 */
export function findVocabulary(modelId: string, baseHref: string): Promise<Vocabulary | null> {
  // Only the cache: a saved run must not start a download of anything.
  return readVocabulary(modelId, baseHref, offline).catch(() => null);
}

/**
 * Fetches `modelId`'s config and tokenizer files from where the model lives (the Hub, a mirror)
 * and holds its vocabulary: the user asked for it (a run shown by ids, runVocabulary.ts). The
 * files are filed in the model cache as a load files them, so a reload finds them. Throws what
 * the fetch or the tokenizer refused (a ModelFetchError).
 */
export async function fetchVocabulary(modelId: string, baseHref: string): Promise<Vocabulary> {
  const found = await readVocabulary(modelId, baseHref, (...args) => fetch(...args));
  if (!found) throw new Error(`${modelId} is not a model id`);
  return found;
}

/** `modelId`'s vocabulary read through `fetchImpl` (and the cache); throws what the read threw. */
function readVocabulary(
  modelId: string,
  baseHref: string,
  fetchImpl: typeof fetch,
): Promise<Vocabulary | null> {
  const known = knownVocabulary(modelId);
  if (known) return Promise.resolve(known);
  const spec = modelFromId(modelId);
  if (!spec) return Promise.resolve(null);
  const pending = finding.get(modelId);
  // A cache-only read under way (findVocabulary) cannot answer a read that may fetch: that one
  // waits for it, then reads again if it found nothing.
  if (pending && fetchImpl !== offline && cacheOnly.has(modelId)) {
    return pending
      .catch(() => null)
      .then((found) => found ?? readVocabulary(modelId, baseHref, fetchImpl));
  }
  if (pending) return pending;
  if (fetchImpl === offline) cacheOnly.add(modelId);
  const found = (async () => {
    try {
      const cache = await openModelCache();
      const read = await readModelVocabulary(spec, { cache, baseHref, fetchImpl });
      if (read === 'gpt2') gpt2Hub.add(modelId);
      else own.set(modelId, read);
      changed(modelId);
      return knownVocabulary(modelId);
    } finally {
      finding.delete(modelId);
      cacheOnly.delete(modelId);
    }
  })();
  finding.set(modelId, found);
  return found;
}

/** A fetch that never reaches the network: findVocabulary reads the cache alone. */
const offline: typeof fetch = () => Promise.reject(new TypeError('the cache alone is read'));

/** Finds the vocabularies of these models (saved or imported runs' models) before they are read. */
export async function findVocabularies(modelIds: Iterable<string>, baseHref: string) {
  await Promise.all([...new Set(modelIds)].map((id) => findVocabulary(id, baseHref)));
}

/** Calls `listener` with each model whose vocabulary becomes known; returns the unsubscribe. */
export function subscribeVocabularies(listener: (modelId: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const subscribe = (listener: () => void): (() => void) => subscribeVocabularies(listener);

/**
 * The vocabulary to show `modelId`'s tokens with (vocabularyOf), re-rendering once it is held. A
 * Hub model not known yet (selected before this reload, say) is looked for in the model cache.
 */
export function useVocabulary(modelId: string | null | undefined): Vocabulary {
  useEffect(() => {
    if (modelId && !knownVocabulary(modelId))
      void findVocabulary(modelId, globalThis.location.href);
  }, [modelId]);
  const held = (): Vocabulary => vocabularyOf(modelId);
  // The same snapshot on the server (a test renders the form to a string): no vocabulary loads.
  return useSyncExternalStore(subscribe, held, held);
}
