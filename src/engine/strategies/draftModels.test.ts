import { describe, expect, it } from 'vitest';
import { modelFromId } from '../modelCatalog';
import { DRAFT_CHOICES, defaultDraftId } from './draftModels';

describe('default draft models', () => {
  it('gives GPT-2 distilgpt2 from the same kind of source, and the generated models their derived drafts', () => {
    expect(defaultDraftId('tiny-gpt2')).toBe('tiny-gpt2-draft');
    expect(defaultDraftId('tiny-gpt2:q8')).toBe('tiny-gpt2-draft');
    expect(defaultDraftId('gpt2-shaped')).toBe('gpt2-shaped-draft');
    expect(defaultDraftId('gpt2')).toBe('Xenova/distilgpt2@hub');
    expect(defaultDraftId('Xenova/gpt2@hub:q8')).toBe('Xenova/distilgpt2@hub:q8');
    expect(defaultDraftId('openai-community/gpt2@built')).toBe('distilbert/distilgpt2@built');
    expect(defaultDraftId('openai-community/gpt2@built:q8')).toBe('distilbert/distilgpt2@built:q8');
    expect(defaultDraftId('mine@files')).toBeNull();
    expect(defaultDraftId('not a model id')).toBeNull();
  });

  it('offers only ids the catalogue can load', () => {
    for (const id of DRAFT_CHOICES) expect(modelFromId(id)?.id).toBe(id);
    expect(modelFromId('tiny-gpt2-draft')?.approxBytes).toBeLessThan(50e6);
  });
});
