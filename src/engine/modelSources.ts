/**
 * Where a downloaded model comes from: the Hugging Face Hub, a Hub mirror that serves the same
 * paths (hf-mirror.com), or a teacher's server on the classroom network. A teacher's server is a
 * Stepwise site whose `public/models/` was filled by `npm run models:fetch`, so it serves the
 * Hub's own files in the app's folder layout:
 *
 *   Hub     https://huggingface.co/Xenova/gpt2/resolve/main/onnx/model_quantized.onnx
 *   mirror  https://hf-mirror.com/Xenova/gpt2/resolve/main/onnx/model_quantized.onnx
 *   server  http://192.168.1.10:4173/models/gpt2/onnx/model_quantized.onnx
 *
 * A model built in the browser (`openai-community/gpt2@built`) downloads its original weights
 * (config.json, model.safetensors) the same way, from the repo's folder at the chosen source.
 *
 * The files are the same whichever source serves them, so a model keeps its id (`Xenova/gpt2@hub`)
 * and its place in the browser's cache (the Hub's URL): downloaded once, it is found again after
 * the source changes. Pure: no DOM, so the build's Content-Security-Policy reads the same lists.
 */
import type { ModelSpec } from './modelCatalog';

export const HUB_ORIGIN = 'https://huggingface.co';
export const MIRROR_ORIGIN = 'https://hf-mirror.com';

/**
 * What the site's Content-Security-Policy lets it connect to for models, besides itself: the Hub
 * (which redirects large files to *.hf.co / *.huggingface.co) and the mirror (and its hosts).
 */
export const KNOWN_SOURCE_HOSTS: readonly string[] = [
  HUB_ORIGIN,
  'https://*.huggingface.co',
  'https://*.hf.co',
  MIRROR_ORIGIN,
  'https://*.hf-mirror.com',
];

export type ModelSource =
  | { kind: 'hub' }
  | { kind: 'mirror' }
  /** A Stepwise site's address, ending in `/` (its models are under `models/<name>/`). */
  | { kind: 'server'; url: string };

export type SourceProblem =
  /** Not an address at all (or one with a user name or password in it). */
  | { kind: 'not_url' }
  /** An address, but not http(s). */
  | { kind: 'not_http' }
  /** An http address from an https page: the browser blocks it. */
  | { kind: 'mixed_content' }
  /** An origin the site was not built to download from. */
  | { kind: 'not_allowed'; allowed: string[] };

export type SourceCheck = { ok: true; source: ModelSource } | { ok: false; problem: SourceProblem };

/** What the page may download from, besides the Hub and the mirror. */
export interface SitePolicy {
  /** The page's own origin: a teacher's server that also serves the page needs no setting. */
  pageOrigin: string;
  /** Origins named at build time in `STEPWISE_MODEL_ORIGIN`. */
  extraOrigins: readonly string[];
}

/** The setting's text: `hub`, `mirror`, or the server's address. */
export function sourceText(source: ModelSource): string {
  return source.kind === 'server' ? source.url : source.kind;
}

/** Browsers let an https page reach http only on the loopback addresses. */
const isLoopback = (host: string): boolean =>
  host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host);

/**
 * Reads a source setting or URL parameter: `hub`, `mirror`, or the http(s) address of a teacher's
 * server that this site may download from. The address keeps its path (a site may live below the
 * server's root) and loses any query or fragment.
 */
export function parseSource(text: string, site: SitePolicy): SourceCheck {
  const trimmed = text.trim();
  if (trimmed === 'hub') return { ok: true, source: { kind: 'hub' } };
  if (trimmed === 'mirror') return { ok: true, source: { kind: 'mirror' } };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, problem: { kind: 'not_url' } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: { kind: 'not_http' } };
  }
  // fetch() refuses addresses with credentials in them.
  if (url.username || url.password) return { ok: false, problem: { kind: 'not_url' } };
  const allowed = [site.pageOrigin, ...site.extraOrigins];
  if (!allowed.includes(url.origin)) {
    return { ok: false, problem: { kind: 'not_allowed', allowed } };
  }
  if (
    url.protocol === 'http:' &&
    site.pageOrigin.startsWith('https:') &&
    !isLoopback(url.hostname)
  ) {
    return { ok: false, problem: { kind: 'mixed_content' } };
  }
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { ok: true, source: { kind: 'server', url: `${url.origin}${path}` } };
}

/** `owner/name` of a Hub folder URL (`https://huggingface.co/owner/name/resolve/main/`). */
function hubRepo(baseUrl: string): string | null {
  const match = /^https:\/\/huggingface\.co\/([\w.-]+\/[\w.-]+)\/resolve\/main\/$/.exec(baseUrl);
  return match ? match[1] : null;
}

/** The folder that serves a Hub repo's files from `source` (not the Hub itself). */
function sourceFolder(repo: string, source: Exclude<ModelSource, { kind: 'hub' }>): string {
  return source.kind === 'mirror'
    ? `${MIRROR_ORIGIN}/${repo}/resolve/main/`
    : // The folder `npm run models:fetch -- gpt2` fills: named after the repo (Xenova/gpt2).
      `${source.url}models/${repo.split('/')[1]}/`;
}

/**
 * The spec that downloads `spec`'s files from `source`, filing them in the cache under the Hub's
 * URLs. Hub models have sources, and so have built models' original weights (their built files
 * stay where they are: made here, never downloaded); others come back as they are.
 */
export function fromSource(spec: ModelSpec, source: ModelSource): ModelSpec {
  if (source.kind === 'hub') return spec;
  if (spec.origin === 'built' && spec.weights) {
    const repo = hubRepo(spec.weights.baseUrl);
    if (!repo) return spec;
    const weights = { baseUrl: sourceFolder(repo, source), cacheBaseUrl: spec.weights.baseUrl };
    return { ...spec, weights };
  }
  const repo = spec.origin === 'hub' ? hubRepo(spec.baseUrl) : null;
  if (!repo) return spec;
  return { ...spec, baseUrl: sourceFolder(repo, source), cacheBaseUrl: spec.baseUrl };
}

/**
 * The origins of `STEPWISE_MODEL_ORIGIN` (separated by spaces or commas), for the build's
 * Content-Security-Policy and the page's check of a teacher's server. Throws on anything that
 * is not a bare http(s) origin, so a mistyped setting fails the build instead of the class.
 */
export function parseModelOrigins(text: string): string[] {
  const origins: string[] = [];
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    let url: URL | null;
    try {
      url = new URL(item);
    } catch {
      url = null;
    }
    const bare =
      url !== null &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      !url.username &&
      !url.password;
    if (!url || !bare) {
      throw new Error(
        `STEPWISE_MODEL_ORIGIN: "${item}" is not an origin like http://192.168.1.10:4173`,
      );
    }
    origins.push(url.origin);
  }
  return origins;
}

/** The Content-Security-Policy's `connect-src`: the site, the Hub, the mirror, `extraOrigins`. */
export const connectSources = (extraOrigins: readonly string[]): string =>
  ["'self'", ...KNOWN_SOURCE_HOSTS, ...extraOrigins].join(' ');
