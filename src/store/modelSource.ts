/**
 * The model source setting: where downloads come from (the Hub, a mirror, a teacher's server; see
 * engine/modelSources.ts). Kept with the settings as text (`hub`, `mirror` or an address) and read
 * through the site's policy on every use, so a saved address the site no longer allows falls back
 * on the Hub instead of being fetched.
 */
import { modelFromId, type ModelSpec } from '../engine/modelCatalog';
import {
  fromSource,
  parseModelOrigins,
  parseSource,
  sourceText,
  type ModelSource,
  type SitePolicy,
  type SourceProblem,
} from '../engine/modelSources';
import { message, type Message } from '../i18n/message';
import { useAppStore } from './appStore';

/** The origins named in STEPWISE_MODEL_ORIGIN when the site was built (vite.config.ts). */
function builtOrigins(): string[] {
  const named: unknown = import.meta.env.STEPWISE_MODEL_ORIGIN;
  try {
    return typeof named === 'string' ? parseModelOrigins(named) : [];
  } catch {
    return []; // the build refuses a bad setting; a test environment may carry anything
  }
}

/** What this page may download from besides the Hub and the mirror. */
export function sitePolicy(): SitePolicy {
  const pageOrigin = globalThis.location?.origin ?? 'http://localhost';
  return { pageOrigin, extraOrigins: builtOrigins() };
}

/** The source in the settings; the Hub when the saved text is not one this site allows. */
export function currentSource(text = useAppStore.getState().settings.modelSource): ModelSource {
  const check = parseSource(text, sitePolicy());
  return check.ok ? check.source : { kind: 'hub' };
}

/** What was wrong with a source, as a dictionary message. */
export function sourceProblemMessage(problem: SourceProblem): Message {
  switch (problem.kind) {
    case 'not_url':
      return message('sourceNotUrl');
    case 'not_http':
      return message('sourceNotHttp');
    case 'mixed_content':
      return message('sourceMixedContent');
    case 'not_allowed':
      return message('sourceNotAllowed', { allowed: problem.allowed.join(', ') });
  }
}

/** The source in words, for messages: "the Hugging Face Hub", "the mirror hf-mirror.com"… */
export function sourceName(source: ModelSource): Message {
  if (source.kind === 'server') return message('sourceNameServer', { url: source.url });
  return message(source.kind === 'hub' ? 'sourceNameHub' : 'sourceNameMirror');
}

/**
 * Chooses where downloads come from; returns what is wrong with `text` instead when the site
 * cannot use it (the setting then stays as it was).
 */
export function chooseSource(text: string): Message | null {
  const check = parseSource(text, sitePolicy());
  if (!check.ok) return sourceProblemMessage(check.problem);
  const modelSource = sourceText(check.source);
  useAppStore.setState((s) => ({ settings: { ...s.settings, modelSource } }));
  return null;
}

/** The `source` URL parameter: the setting's text, or why it was ignored (named in a notice). */
export function sourceFromUrl(search: string): {
  modelSource?: string;
  invalid?: { name: string; value: string; reason: Message };
} {
  const value = new URLSearchParams(search).get('source');
  if (value === null) return {};
  const check = parseSource(value, sitePolicy());
  if (check.ok) return { modelSource: sourceText(check.source) };
  const reason = message('urlSource', { problem: sourceProblemMessage(check.problem) });
  return { invalid: { name: 'source', value, reason } };
}

/** The spec to load for `modelId`, downloading from the chosen source; null for an unknown id. */
export function specWithSource(modelId: string): ModelSpec | null {
  const spec = modelFromId(modelId);
  return spec && fromSource(spec, currentSource());
}
