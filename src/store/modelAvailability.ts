/**
 * Which models this device can use right now: the real GPT-2 served by the site, and Hub
 * downloads and models loaded from the user's files already in the browser cache. GPT-2 is the
 * default whenever it is at hand; otherwise the page offers its download while tiny-gpt2 is
 * ready at once.
 */
import {
  FILES_BASE,
  hubModel,
  localModel,
  modelFromId,
  type ModelSpec,
} from '../engine/modelCatalog';
import { resolveModelUrl } from '../engine/modelFiles';
import { DEFAULT_SETTINGS, useAppStore } from './appStore';
import { MODEL_CACHE } from '../engine/modelFiles';

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

async function inBrowserCache(spec: ModelSpec): Promise<boolean> {
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

export async function detectModels(base: string): Promise<Availability> {
  const local = [
    localModel('gpt2'),
    localModel('gpt2', 'q8'),
    localModel('gpt2-shaped'),
    localModel('gpt2-shaped', 'q8'),
    localModel('tiny-gpt2', 'q8'),
  ];
  const hub = [hubModel(), hubModel(undefined, 'q8'), hubModel(undefined, 'fp16')];
  const [localHits, hubHits, picked] = await Promise.all([
    Promise.all(local.map((m) => servedBySite(m, base))),
    Promise.all(hub.map(inBrowserCache)),
    pickedInCache(),
  ]);
  const ready = [
    localModel('tiny-gpt2').id,
    ...local.filter((_, i) => localHits[i]).map((m) => m.id),
    ...hub.filter((_, i) => hubHits[i]).map((m) => m.id),
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
    const gpt2 = ['gpt2', 'Xenova/gpt2@hub', 'gpt2:q8', 'Xenova/gpt2@hub:q8'].find((id) =>
      availability.ready.includes(id),
    );
    if (gpt2) useAppStore.setState((s) => ({ settings: { ...s.settings, modelId: gpt2 } }));
  }
  return availability;
}
