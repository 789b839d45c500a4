import { describe, expect, it } from 'vitest';
import { GPT2_VOCAB } from '../engine/strategies/draftModels';
import { pickDraft, targetVocab } from './speculativeDraft';
import { draftFor, initialStrategyState } from './strategyStore';

const LLAMA_VOCAB = 32000;

describe('the draft a speculative run uses', () => {
  it('takes the usual draft of a model that has one', () => {
    expect(pickDraft('', 'tiny-gpt2', GPT2_VOCAB)).toEqual({
      kind: 'draft',
      id: 'tiny-gpt2-draft',
      usual: true,
    });
    expect(pickDraft('', 'Xenova/gpt2@hub', null)).toEqual({
      kind: 'draft',
      id: 'Xenova/distilgpt2@hub',
      usual: true,
    });
  });

  it('never falls back to GPT-2’s draft for a model without a known one', () => {
    // A Hub repo of another family, before and after its config told its vocabulary.
    expect(pickDraft('', 'someone/llama@hub', null)).toEqual({ kind: 'none_known' });
    expect(pickDraft('', 'someone/llama@hub', LLAMA_VOCAB)).toEqual({ kind: 'none_known' });
    expect(pickDraft('', 'mine@files', GPT2_VOCAB)).toEqual({ kind: 'none_known' });
    // distilgpt2 has no smaller draft of its vocabulary; it is not its own.
    expect(pickDraft('', 'distilbert/distilgpt2@built', GPT2_VOCAB)).toEqual({
      kind: 'none_known',
    });
    // The loaded model's vocabulary is not GPT-2's: its usual draft does not fit, so none.
    expect(pickDraft('', 'Xenova/gpt2@hub', LLAMA_VOCAB)).toEqual({ kind: 'none_known' });
  });

  it('refuses a chosen draft of another vocabulary, keeps one that fits or is not known', () => {
    expect(pickDraft('tiny-gpt2-draft', 'someone/llama@hub', LLAMA_VOCAB)).toEqual({
      kind: 'misfit',
      id: 'tiny-gpt2-draft',
      vocab: LLAMA_VOCAB,
    });
    expect(pickDraft('tiny-gpt2-draft', 'mine@files', GPT2_VOCAB)).toEqual({
      kind: 'draft',
      id: 'tiny-gpt2-draft',
      usual: false,
    });
    // The target's vocabulary not known yet: the worker checks the draft's config.
    expect(pickDraft('gpt2-shaped-draft', 'someone/llama@hub', null).kind).toBe('draft');
    // A draft picked from files: its vocabulary is known only once read.
    expect(pickDraft('other@files', 'tiny-gpt2', GPT2_VOCAB).kind).toBe('draft');
  });

  it('reads the loaded model’s vocabulary, else what the catalogue knows', () => {
    const loaded = (id: string, vocab: number) => ({ model: { id, shape: { vocab } } });
    expect(targetVocab(loaded('someone/llama@hub', LLAMA_VOCAB), 'someone/llama@hub')).toBe(
      LLAMA_VOCAB,
    );
    expect(targetVocab(loaded('tiny-gpt2', GPT2_VOCAB), 'someone/llama@hub')).toBeNull();
    expect(targetVocab(loaded('someone/llama@hub', LLAMA_VOCAB), 'tiny-gpt2')).toBe(GPT2_VOCAB);
  });

  it('gives the store the draft id, or null so that Run waits for a choice', () => {
    const usual = initialStrategyState('?strategy=speculative');
    expect(draftFor(usual, 'tiny-gpt2')).toBe('tiny-gpt2-draft');
    expect(draftFor(usual, 'someone/llama@hub')).toBeNull();
    expect(draftFor(usual, 'someone/llama@hub', LLAMA_VOCAB)).toBeNull();
    const chosen = initialStrategyState('?strategy=speculative&draft=tiny-gpt2-draft');
    expect(draftFor(chosen, 'someone/llama@hub', LLAMA_VOCAB)).toBeNull();
    expect(draftFor(chosen, 'gpt2')).toBe('tiny-gpt2-draft');
  });
});
