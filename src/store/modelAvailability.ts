/**
 * Which models this device can use right now: the real GPT-2 served by the site, and Hub
 * downloads, models built in this browser and models loaded from the user's files already in the
 * browser cache. GPT-2 is the
 * default whenever it is at hand; otherwise the page offers its download while tiny-gpt2 is
 * ready at once.
 */
import {
  BUILT_REPOS,
  builtModel,
  FILES_BASE,
  hubModel,
  SLOTS_MODEL_FILE,
  SLOTS_Q8_FILE,
  localModel,
  modelFromId,
  type ModelSpec,
} from '../engine/modelCatalog';
import { resolveModelUrl } from '../engine/modelFiles';
import { DEFAULT_SETTINGS, useAppStore } from './appStore';
import { MODEL_CACHE } from '../engine/modelFiles';
import { INSPECT_MODEL_FILE } from '../engine/inspect';

export interface Availability {
  /** Model ids usable without a download. */
  ready: string[];
  checked: boolean;
}

async function servedBySite(spec: ModelSpec, base: string): Promise<boolean> {
  try {
    const response = await fetch(resolveModelUrl(spec, 'config.json', base), { method: 'HEAD' });
    // A single-page-app fallback answers HTML for missing files: only JSON counts.
    return response.ok && !(response.headers.get('content-type') ?? '').includes('text/html');
  } catch {
    return false;
  }
}

export async function inBrowserCache(spec: ModelSpec): Promise<boolean> {
  try {
    if (!('caches' in globalThis)) return false;
    const cache = await caches.open(MODEL_CACHE);
    const hits = await Promise.all(
      spec.modelFiles.map((f) => cache.match(resolveModelUrl(spec, f))),
    );
    return hits.some(Boolean);
  } catch {
    return false;
  }
}

/** Ids of the models loaded from files that the cache still holds whole (config last). */
async function pickedInCache(): Promise<string[]> {
  try {
    if (!('caches' in globalThis)) return [];
    const cache = await caches.open(MODEL_CACHE);
    const ids = (await cache.keys())
      .map((request) => request.url)
      .filter((url) => url.startsWith(FILES_BASE) && url.endsWith('/config.json'))
      .map((url) => decodeURIComponent(url.slice(FILES_BASE.length, -'/config.json'.length)));
    return ids.filter((id) => modelFromId(id)?.origin === 'files');
  } catch {
    return [];
  }
}

/**
 * Every file a build files in its folder (src/engine/build/appFiles.ts's BUILT_FILES, named here
 * so that the page does not load the writer), config.json last.
 */
export const BUILT_FOLDER_FILES = [
  SLOTS_MODEL_FILE,
  SLOTS_Q8_FILE,
  INSPECT_MODEL_FILE,
  'config.json',
] as const;

/** The models built in this browser, both precisions, whose folders hold every file (`urls`). */
export function builtReady(urls: readonly string[]): string[] {
  const held = new Set(urls);
  return BUILT_REPOS.flatMap((repo) => {
    const spec = builtModel(repo);
    const whole = BUILT_FOLDER_FILES.every((file) => held.has(`${spec.baseUrl}${file}`));
    return whole ? [spec.id, builtModel(repo, 'q8').id] : [];
  });
}

/** Ids of the models built in this browser that the cache holds whole. */
async function builtInCache(): Promise<string[]> {
  try {
    if (!('caches' in globalThis)) return [];
    const cache = await caches.open(MODEL_CACHE);
    return builtReady((await cache.keys()).map((request) => request.url));
  } catch {
    return [];
  }
}

export async function detectModels(base: string): Promise<Availability> {
  const local = [
    localModel('gpt2'),
    localModel('gpt2', 'q8'),
    localModel('gpt2-shaped'),
    localModel('gpt2-shaped', 'q8'),
    localModel('tiny-gpt2', 'q8'),
  ];
  const hub = [hubModel(), hubModel(undefined, 'q8'), hubModel(undefined, 'fp16')];
  const [localHits, hubHits, built, picked] = await Promise.all([
    Promise.all(local.map((m) => servedBySite(m, base))),
    Promise.all(hub.map(inBrowserCache)),
    builtInCache(),
    pickedInCache(),
  ]);
  const ready = [
    localModel('tiny-gpt2').id,
    ...local.filter((_, i) => localHits[i]).map((m) => m.id),
    ...hub.filter((_, i) => hubHits[i]).map((m) => m.id),
    ...built,
    ...picked,
  ];
  return { ready, checked: true };
}

/**
 * Detects models and, when the user has not picked one (the default is still selected and the
 * URL named none), switches to GPT-2 if it is at hand.
 */
export async function checkModels(base: string, urlNamedModel: boolean): Promise<Availability> {
  const availability = await detectModels(base);
  useAppStore.setState({ availability });
  const { settings } = useAppStore.getState();
  if (!urlNamedModel && settings.modelId === DEFAULT_SETTINGS.modelId) {
    const gpt2 = [
      'gpt2',
      'Xenova/gpt2@hub',
      'openai-community/gpt2@built',
      'gpt2:q8',
      'Xenova/gpt2@hub:q8',
      'openai-community/gpt2@built:q8',
    ].find((id) => availability.ready.includes(id));
    if (gpt2) useAppStore.setState((s) => ({ settings: { ...s.settings, modelId: gpt2 } }));
  }
  return availability;
}
