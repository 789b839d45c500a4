import { describe, expect, it } from 'vitest';
import { modelFromId } from '../modelCatalog';
import {
  DRAFT_CHOICES,
  defaultDraftId,
  draftFits,
  draftOffer,
  GPT2_VOCAB,
  knownVocab,
} from './draftModels';

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

  it('gives no usual draft to a Hub repo that is not GPT-2, nor to distilgpt2 itself', () => {
    // Another tokenizer: GPT-2's draft would be refused once both vocabularies are read.
    expect(defaultDraftId('someone/llama@hub')).toBeNull();
    expect(defaultDraftId('HuggingFaceTB/SmolLM2-135M@hub:q8')).toBeNull();
    expect(defaultDraftId('Xenova/distilgpt2@hub')).toBeNull();
    expect(defaultDraftId('distilbert/distilgpt2@built:q8')).toBeNull();
  });

  it('offers only ids the catalogue can load', () => {
    for (const id of DRAFT_CHOICES) expect(modelFromId(id)?.id).toBe(id);
    expect(modelFromId('tiny-gpt2-draft')?.approxBytes).toBeLessThan(50e6);
  });

  it('knows the vocabulary of the catalogue’s GPT-2 models, and of no picked or other model', () => {
    for (const id of [
      'tiny-gpt2',
      'gpt2-shaped:q8',
      'gpt2',
      'Xenova/gpt2@hub:fp16',
      'openai-community/gpt2@built:q8',
      ...DRAFT_CHOICES,
    ]) {
      expect(knownVocab(id)).toBe(GPT2_VOCAB);
    }
    expect(knownVocab('mine@files')).toBeNull();
    expect(knownVocab('someone/llama@hub')).toBeNull();
    expect(knownVocab('not a model id')).toBeNull();
  });

  it('fits a draft to a target of its vocabulary, or where either is not known yet', () => {
    expect(draftFits('tiny-gpt2-draft', GPT2_VOCAB)).toBe(true);
    expect(draftFits('Xenova/distilgpt2@hub', 32000)).toBe(false);
    expect(DRAFT_CHOICES.filter((id) => draftFits(id, 32000))).toEqual([]);
    expect(draftFits('tiny-gpt2-draft', null)).toBe(true);
    expect(draftFits('mine@files', 32000)).toBe(true);
  });

  it('offers every draft to a GPT-2, none to a model of another vocabulary', () => {
    expect(draftOffer('tiny-gpt2', GPT2_VOCAB, '')).toEqual({
      usual: 'tiny-gpt2-draft',
      options: DRAFT_CHOICES,
      misfit: false,
      noneFits: false,
    });
    // A Hub repo with another tokenizer: its usual draft (distilgpt2) is not offered either.
    expect(draftOffer('someone/llama@hub', 32000, '')).toEqual({
      usual: null,
      options: [],
      misfit: false,
      noneFits: true,
    });
    // Not loaded yet, vocabulary unknown: everything stays offered; the worker checks.
    expect(draftOffer('mine@files', null, '').options).toEqual(DRAFT_CHOICES);
  });

  it('keeps a chosen draft that does not fit listed, marked', () => {
    expect(draftOffer('mine@files', 32000, 'tiny-gpt2-draft')).toEqual({
      usual: null,
      options: ['tiny-gpt2-draft'],
      misfit: true,
      noneFits: true,
    });
  });
});
