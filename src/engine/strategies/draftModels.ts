/**
 * Which draft model speculative decoding uses by default for a model: a smaller model of the
 * same vocabulary. GPT-2 (124M) gets distilgpt2 (82M, 6 layers, GPT-2's tokenizer) from the same
 * kind of source; the generated models get the draft the writer derives from their own weights
 * (scripts/makeModel.ts, `<name>-draft`).
 */
import { modelFromId } from '../modelCatalog';

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

/** The usual draft of `modelId`, or null when it has none (a model picked from files). */
export function defaultDraftId(modelId: string): string | null {
  const spec = modelFromId(modelId);
  if (!spec) return null;
  const suffix = spec.precision === 'fp32' ? '' : `:${spec.precision}`;
  if (spec.origin === 'local') {
    const name = spec.id.split(':')[0];
    // The derived drafts are written in float32 only.
    if (name in DERIVED) return DERIVED[name];
    return name === 'gpt2' ? `Xenova/distilgpt2@hub${suffix}` : null;
  }
  if (spec.origin === 'hub') return `Xenova/distilgpt2@hub${suffix}`;
  if (spec.origin === 'built') {
    return `distilbert/distilgpt2@built${spec.precision === 'q8' ? ':q8' : ''}`;
  }
  return null;
}
