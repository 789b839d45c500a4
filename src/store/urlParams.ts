/**
 * URL parameters are a public interface (teachers share links, Playwright drives runs). Each
 * valid one overrides a setting; each invalid one is ignored and named in a notice. The numbers
 * are checked against the table of limits (engine/limits.ts), as in the form and in run files.
 */
import * as v from 'valibot';
import { LIMITS, rangeSchema, STRATEGIES, type Limit } from '../engine/limits';
import { catalogueModel, HUB_CATALOGUE } from '../engine/hubCatalogue';
import { HUB_ID } from '../engine/hubCheck';
import { modelFromId } from '../engine/modelCatalog';
import type { Strategy } from '../engine/sampling';
import { message, type Message } from '../i18n/message';
import type { ExecutionPreference } from '../worker/protocol';
import {
  EXECUTION_PREFERENCES,
  expectedMessage,
  knownModelSchema,
  LANGUAGES,
  promptSchema,
} from './settingsCheck';

export type Language = (typeof LANGUAGES)[number];

export interface UrlOverrides {
  modelId?: string;
  /**
   * A Hub repo named by a bare id (`model=owner/name`) or a catalogue id (`model=distilgpt2`): the
   * page checks it and offers it, never selects it.
   */
  hubRepo?: string;
  prompt?: string;
  steps?: number;
  /** The step shown once the run is there (0: the prefill); checked against the run then. */
  step?: number;
  /**
   * The form's greedy or sampling. `strategy=speculative` reads it too (speculative decoding
   * samples as the form does): sampling when the link gives a `temperature`, else greedy.
   */
  strategy?: Strategy;
  /**
   * `strategy=beam`, `jacobi` or `speculative`: a strategy run instead of the chain
   * (strategyStore).
   */
  decoding?: Decoding;
  beams?: number;
  lengthPenalty?: number;
  window?: number;
  /** Jacobi decoding guesses by prompt lookup (`lookup=1`) or by repeating a token (`lookup=0`). */
  lookup?: boolean;
  /** Speculative decoding: draft tokens per round, and the draft model's id. */
  k?: number;
  draft?: string;
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  seed?: number;
  ep?: ExecutionPreference;
  lang?: Language;
  cache?: boolean;
  /** A chat model's chat template: applied (`1`, the default) or not (`0`). */
  chat?: boolean;
  autoplay: boolean;
}

export interface ParsedUrl {
  overrides: UrlOverrides;
  /** Parameters that were present but unusable, with what was expected instead. */
  invalid: { name: string; value: string; reason: Message }[];
}

export const MAX_STEPS = LIMITS.steps.max;

/** The strategies that are not the chain of single steps, chosen with the same `strategy`. */
export const DECODINGS = ['beam', 'jacobi', 'speculative'] as const;
export type Decoding = (typeof DECODINGS)[number];
const STRATEGY_PARAMS = [...STRATEGIES, ...DECODINGS] as const;

/** Digits only for integers ("1e2" and "1.0" are not integers in a URL). */
const looksLikeNumber = (limit: Limit) => (text: string) =>
  limit.integer ? /^-?\d+$/.test(text) : text !== '' && Number.isFinite(Number(text));

/** A number parameter: text that reads as a number, within its row of the table. */
const numberParam = (limit: Limit) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check(looksLikeNumber(limit)),
    v.transform(Number),
    rangeSchema(limit),
  );

/** A run's step: 0 (the prefill) up to the longest run; the run's own length is checked later. */
const STEP_PARAM: Limit = { min: 0, max: LIMITS.steps.max, integer: true };

/** The model folders the site serves (the README's models table): any other name is a typo. */
const SITE_MODELS: ReadonlySet<string> = new Set(['tiny-gpt2', 'gpt2', 'gpt2-shaped']);
/**
 * The drafts the writer derives for speculative decoding, also served by the site: a `draft=`
 * only. As the model itself they are cut-down copies that write nothing worth reading (the
 * README's models table lists them as drafts).
 */
const SITE_DRAFTS: ReadonlySet<string> = new Set(['tiny-gpt2-draft', 'gpt2-shaped-draft']);

/**
 * A model id the app knows: one of the site's `folders` (in any precision), a Hub model or one
 * picked from files. `?model=foo` reads as a site folder that does not exist, and is named.
 */
const modelParamOf = (folders: ReadonlySet<string>) =>
  v.pipe(
    knownModelSchema,
    v.check((id) => modelFromId(id)?.origin !== 'local' || folders.has(id.split(':')[0])),
  );
/**
 * A model the app knows, a catalogue id (`distilgpt2`) or a bare Hub id (`Xenova/distilgpt2`); the
 * last two are checked before any download.
 */
const modelParam = v.union([
  v.picklist(HUB_CATALOGUE.map((m) => m.id)),
  modelParamOf(SITE_MODELS),
  v.pipe(v.string(), v.regex(HUB_ID)),
]);
const draftParam = modelParamOf(new Set([...SITE_MODELS, ...SITE_DRAFTS]));

/** An id the model list takes as it is (not a catalogue id, not a bare Hub id). */
const isAppModel = (id: string): boolean => !catalogueModel(id) && modelFromId(id) !== null;
const hubRepoOf = (id: string): string => catalogueModel(id)?.repo ?? id;

/** Every parameter, in the order invalid ones are listed. */
const PARAMS = v.object({
  model: v.optional(modelParam),
  prompt: v.optional(promptSchema),
  steps: v.optional(numberParam(LIMITS.steps)),
  step: v.optional(numberParam(STEP_PARAM)),
  strategy: v.optional(v.picklist(STRATEGY_PARAMS)),
  beams: v.optional(numberParam(LIMITS.beams)),
  lengthPenalty: v.optional(numberParam(LIMITS.lengthPenalty)),
  window: v.optional(numberParam(LIMITS.window)),
  lookup: v.optional(v.picklist(['1', '0'])),
  k: v.optional(numberParam(LIMITS.k)),
  draft: v.optional(draftParam),
  temperature: v.optional(numberParam(LIMITS.temperature)),
  topK: v.optional(numberParam(LIMITS.topK)),
  topP: v.optional(numberParam(LIMITS.topP)),
  minP: v.optional(numberParam(LIMITS.minP)),
  seed: v.optional(numberParam(LIMITS.seed)),
  ep: v.optional(v.picklist(EXECUTION_PREFERENCES)),
  lang: v.optional(v.picklist(LANGUAGES)),
  cache: v.optional(v.picklist(['1', '0'])),
  chat: v.optional(v.picklist(['1', '0'])),
  autoplay: v.optional(v.picklist(['1', '0'])),
});

type ParamName = keyof typeof PARAMS.entries;

const or = (...choices: readonly string[]): Message =>
  choices.length === 2
    ? message('urlOr2', { a: choices[0], b: choices[1] })
    : choices.length === 3
      ? message('urlOr3', { a: choices[0], b: choices[1], c: choices[2] })
      : choices.length === 4
        ? message('urlOr4', { a: choices[0], b: choices[1], c: choices[2], d: choices[3] })
        : message('urlOr5', {
            a: choices[0],
            b: choices[1],
            c: choices[2],
            d: choices[3],
            e: choices[4],
          });

/** What each parameter expects, for the notice naming an invalid one. */
const EXPECTED: Record<ParamName, Message> = {
  model: message('urlKnownModel'),
  prompt: message('urlTextMax', { max: LIMITS.promptChars.max }),
  steps: expectedMessage(LIMITS.steps),
  step: expectedMessage(STEP_PARAM),
  strategy: or(...STRATEGY_PARAMS),
  beams: expectedMessage(LIMITS.beams),
  lengthPenalty: expectedMessage(LIMITS.lengthPenalty),
  window: expectedMessage(LIMITS.window),
  lookup: or('1', '0'),
  k: expectedMessage(LIMITS.k),
  draft: message('urlKnownModel'),
  temperature: expectedMessage(LIMITS.temperature),
  topK: expectedMessage(LIMITS.topK),
  topP: expectedMessage(LIMITS.topP),
  minP: expectedMessage(LIMITS.minP),
  seed: expectedMessage(LIMITS.seed),
  ep: or(...EXECUTION_PREFERENCES),
  lang: or(...LANGUAGES),
  cache: or('1', '0'),
  chat: or('1', '0'),
  autoplay: or('1', '0'),
};

/** The parameters in the order of the schema, which is the order invalid ones are listed in. */
const NAMES = Object.keys(PARAMS.entries).filter((k): k is ParamName => Object.hasOwn(EXPECTED, k));

export function parseUrlParams(search: string): ParsedUrl {
  const params = new URLSearchParams(search);
  const given: Partial<Record<ParamName, string>> = {};
  for (const name of NAMES) {
    const value = params.get(name);
    if (value !== null) given[name] = value;
  }
  // Every parameter that fails its schema is named and left out; the rest parse.
  const failed = new Set((v.safeParse(PARAMS, given).issues ?? []).map((i) => i.path?.[0].key));
  const invalid: ParsedUrl['invalid'] = [];
  const valid: Partial<Record<ParamName, string>> = {};
  for (const name of NAMES) {
    const value = given[name];
    if (value === undefined) continue;
    if (failed.has(name)) invalid.push({ name, value, reason: EXPECTED[name] });
    else valid[name] = value;
  }
  const p = v.parse(PARAMS, valid);
  const overrides: UrlOverrides = { autoplay: p.autoplay === '1' };
  const set: Omit<UrlOverrides, 'autoplay'> = {
    modelId: p.model !== undefined && isAppModel(p.model) ? p.model : undefined,
    hubRepo: p.model !== undefined && !isAppModel(p.model) ? hubRepoOf(p.model) : undefined,
    prompt: p.prompt,
    steps: p.steps,
    step: p.step,
    strategy:
      STRATEGIES.find((s) => s === p.strategy) ??
      (p.strategy === 'speculative'
        ? p.temperature === undefined
          ? 'greedy'
          : 'sample'
        : undefined),
    decoding: DECODINGS.find((d) => d === p.strategy),
    beams: p.beams,
    lengthPenalty: p.lengthPenalty,
    window: p.window,
    lookup: p.lookup === undefined ? undefined : p.lookup === '1',
    k: p.k,
    draft: p.draft,
    temperature: p.temperature,
    topK: p.topK,
    topP: p.topP,
    minP: p.minP,
    seed: p.seed,
    ep: p.ep,
    lang: p.lang,
    cache: p.cache === undefined ? undefined : p.cache === '1',
    chat: p.chat === undefined ? undefined : p.chat === '1',
  };
  for (const [key, value] of Object.entries(set)) {
    if (value !== undefined) Object.assign(overrides, { [key]: value });
  }
  return { overrides, invalid };
}
