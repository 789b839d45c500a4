import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TINY_GPT2 } from '../engine/modelShape';
import { initialState, useAppStore } from './appStore';
import { checkDraftId, chooseCheckedDraft, useDraftCheckStore } from './draftCheck';
import { initialStrategyState, useStrategyStore } from './strategyStore';
import { fakeHubFetch, hubRequests } from './testing/fakeHub';

const QWEN = 'stepwise-test/tiny-qwen2@hub';

/** The page with `modelId` chosen and, where given, loaded with a vocabulary of `vocab` tokens. */
function target(modelId: string, vocab?: number): void {
  useAppStore.setState((s) => ({
    settings: { ...s.settings, modelId, modelSource: 'hub' },
    model: vocab
      ? { ...s.model, id: modelId, shape: { ...TINY_GPT2, vocab } }
      : { ...s.model, id: null, shape: null },
  }));
}
beforeEach(() => {
  useAppStore.setState(initialState());
  useStrategyStore.setState(initialStrategyState(''));
  useDraftCheckStore.setState({ text: '', checking: false, result: null, target: null });
  hubRequests.length = 0;
  vi.stubGlobal('fetch', vi.fn(fakeHubFetch));
});
afterEach(() => vi.unstubAllGlobals());

describe('a draft model typed as a Hub id', () => {
  it('is checked like any model, without its model file, and chosen on the offer', async () => {
    target(QWEN, 151936);
    const result = await checkDraftId('stepwise-test/tiny-qwen2');
    expect(result).toMatchObject({ state: 'ok', modelId: QWEN });
    expect(hubRequests.some((url) => url.endsWith('.onnx'))).toBe(false);
    // Nothing is chosen until the user takes the offer.
    expect(useStrategyStore.getState().draft).toBe('');
    expect(chooseCheckedDraft()).toBe(true);
    expect(useStrategyStore.getState().draft).toBe(QWEN);
    expect(useDraftCheckStore.getState()).toMatchObject({ text: '', result: null });
  });

  it('is refused when its vocabulary is not the loaded model’s, and nothing is chosen', async () => {
    target(QWEN, 151936);
    const result = await checkDraftId('Xenova/distilgpt2');
    expect(result).toEqual({
      state: 'misfit',
      repo: 'Xenova/distilgpt2',
      vocab: 50257,
      target: 151936,
    });
    expect(chooseCheckedDraft()).toBe(false);
    expect(useStrategyStore.getState().draft).toBe('');
  });

  it('passes to the worker’s own check while the target’s vocabulary is unknown', async () => {
    target('some-org/not-loaded@hub');
    expect(await checkDraftId('Xenova/distilgpt2')).toMatchObject({ state: 'ok' });
    expect(useDraftCheckStore.getState().target).toEqual({
      modelId: 'some-org/not-loaded@hub',
      vocab: null,
    });
  });

  it('is not chosen once another model is chosen: it was checked against the first', async () => {
    target(QWEN, 151936);
    expect(await checkDraftId('stepwise-test/tiny-qwen2')).toMatchObject({ state: 'ok' });
    target('some-org/other@hub');
    expect(chooseCheckedDraft()).toBe(false);
    expect(useStrategyStore.getState().draft).toBe('');
    expect(useDraftCheckStore.getState().result).toBeNull();
  });

  it('says why a model cannot be a draft at all, as the model check does', async () => {
    target('tiny-gpt2');
    expect(await checkDraftId('uer/gpt2-chinese')).toMatchObject({
      state: 'refused',
      refusal: { kind: 'tokenizer', vocab: 21128 },
    });
  });
});
