/**
 * Which draft model speculative decoding uses by default for a model: a smaller model of the
 * same vocabulary. GPT-2 (124M) gets distilgpt2 (82M, 6 layers, GPT-2's tokenizer) from the same
 * kind of source; the generated models get the draft the writer derives from their own weights
 * (scripts/makeModel.ts, `<name>-draft`).
 */
import { BUILT_REPOS, HUB_REPO, modelFromId } from '../modelCatalog';

/** Drafts the writer derives (served by the site next to their model). */
const DERIVED: Readonly<Record<string, string>> = {
  'tiny-gpt2': 'tiny-gpt2-draft',
  'gpt2-shaped': 'gpt2-shaped-draft',
};

/** The draft models the page offers to choose from, besides a model's usual one. */
export const DRAFT_CHOICES: readonly string[] = [
  'tiny-gpt2-draft',
  'gpt2-shaped-draft',
  'Xenova/distilgpt2@hub',
  'distilbert/distilgpt2@built',
];

/**
 * The usual draft of `modelId`, or null when it has none: a model picked from files, a Hub repo
 * that is not GPT-2 (its tokenizer is not known before its config is read, and distilgpt2 would
 * not fit another one), and distilgpt2 itself (no smaller draft of its vocabulary is known).
 */
export function defaultDraftId(modelId: string): string | null {
  const spec = modelFromId(modelId);
  if (!spec) return null;
  const suffix = spec.precision === 'fp32' ? '' : `:${spec.precision}`;
  const name = spec.id.split(/[@:]/)[0];
  if (spec.origin === 'local') {
    // The derived drafts are written in float32 only.
    if (name in DERIVED) return DERIVED[name];
    return name === 'gpt2' ? `Xenova/distilgpt2@hub${suffix}` : null;
  }
  if (spec.origin === 'hub') return name === HUB_REPO ? `Xenova/distilgpt2@hub${suffix}` : null;
  if (spec.origin === 'built' && name === 'openai-community/gpt2') {
    return `distilbert/distilgpt2@built${spec.precision === 'q8' ? ':q8' : ''}`;
  }
  return null;
}

/** GPT-2's vocabulary, which every draft offered and every GPT-2 of the catalogue uses. */
export const GPT2_VOCAB = 50257;

/** The site's own models and their drafts (scripts/makeModel.ts), all on GPT-2's tokenizer. */
const LOCAL_GPT2 = ['gpt2', ...Object.keys(DERIVED), ...Object.values(DERIVED)];
/** The Hub repos the app loads by name, both with GPT-2's tokenizer. */
const HUB_GPT2 = ['Xenova/gpt2', 'Xenova/distilgpt2'];

/**
 * The vocabulary size of `modelId` as known before it is loaded: GPT-2's for the catalogue's own
 * GPT-2 models, null where only its config can tell (picked files, another Hub repo).
 */
export function knownVocab(modelId: string): number | null {
  const spec = modelFromId(modelId);
  if (!spec) return null;
  const name = spec.id.split(/[@:]/)[0];
  const gpt2 =
    (spec.origin === 'local' && LOCAL_GPT2.includes(name)) ||
    (spec.origin === 'hub' && HUB_GPT2.includes(name)) ||
    (spec.origin === 'built' && BUILT_REPOS.some((repo) => repo === name));
  return gpt2 ? GPT2_VOCAB : null;
}

/**
 * Whether draft `draftId` can serve a target of `targetVocab` tokens: speculative decoding
 * compares their distributions token by token, so both need the same vocabulary. Unknown on
 * either side (null): not refused here; the worker checks the draft's config before opening it.
 */
export function draftFits(draftId: string, targetVocab: number | null): boolean {
  const vocab = knownVocab(draftId);
  return vocab === null || targetVocab === null || vocab === targetVocab;
}

/** What the draft select shows for a target (`draftOffer`). */
export interface DraftOffer {
  /** The target's usual draft, when it fits; null: none. */
  usual: string | null;
  /** The drafts listed after the usual one: those that fit, the chosen one first if it does not. */
  options: readonly string[];
  /** The chosen draft (not the usual one) has another vocabulary: it would be refused. */
  misfit: boolean;
  /** No draft offered fits the target. */
  noneFits: boolean;
}

/**
 * The drafts to offer for target `modelId` of `vocab` tokens (null: not known yet), `chosen`
 * the draft picked ('' for the usual one): only drafts of its vocabulary, since another would be
 * refused, but only after its download. A chosen draft that does not fit stays listed (it is the
 * select's value), marked.
 */
export function draftOffer(modelId: string, vocab: number | null, chosen: string): DraftOffer {
  const fits = (id: string) => draftFits(id, vocab);
  const given = defaultDraftId(modelId);
  const offered = DRAFT_CHOICES.filter(fits);
  return {
    usual: given !== null && fits(given) ? given : null,
    options: offered.includes(chosen) || chosen === '' ? offered : [chosen, ...offered],
    misfit: chosen !== '' && !fits(chosen),
    noneFits: offered.length === 0,
  };
}
