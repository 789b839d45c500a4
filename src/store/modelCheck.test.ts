import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from './appStore';
import { checkModelId, useModelCheckStore } from './modelCheck';
import { fakeHubFetch as fakeFetch, hubRequests as requests } from './testing/fakeHub';

const setSource = (modelSource: string) =>
  useAppStore.setState((s) => ({ settings: { ...s.settings, modelSource } }));

beforeEach(() => {
  requests.length = 0;
  vi.stubGlobal('fetch', vi.fn(fakeFetch));
  setSource('hub');
});

afterEach(() => vi.unstubAllGlobals());

describe('checkModelId', () => {
  it('offers a GPT-2-family model under its Hub id, float32 for a small one', async () => {
    const result = await checkModelId(' Xenova/distilgpt2 ');
    expect(result).toMatchObject({ state: 'ok', modelId: 'Xenova/distilgpt2@hub' });
    expect(useModelCheckStore.getState()).toMatchObject({ checking: false, result });
    // The API and config.json only: no model file is fetched by a check.
    expect(requests).toEqual([
      'https://huggingface.co/api/models/Xenova/distilgpt2?blobs=true',
      'https://huggingface.co/Xenova/distilgpt2/resolve/main/config.json',
    ]);
  });

  it('asks the mirror when the source is the mirror', async () => {
    setSource('mirror');
    await checkModelId('Xenova/distilgpt2');
    expect(requests.every((url) => url.startsWith('https://hf-mirror.com/'))).toBe(true);
  });

  it('refuses a GPT-2 architecture with another vocabulary: the page has GPT-2’s tokenizer', async () => {
    expect(await checkModelId('uer/gpt2-chinese')).toEqual({
      state: 'refused',
      repo: 'uer/gpt2-chinese',
      refusal: { kind: 'tokenizer', vocab: 21128 },
    });
  });

  it('offers a Llama-family model whose tokenizer.json the page reads', async () => {
    const result = await checkModelId('stepwise-test/tiny-qwen2');
    expect(result).toMatchObject({
      state: 'ok',
      modelId: 'stepwise-test/tiny-qwen2@hub',
      model: { family: 'llama', modelType: 'qwen2' },
    });
    // The tokenizer is read before the offer; the model file is not fetched.
    expect(requests.filter((url) => url.includes('/resolve/main/'))).toEqual([
      'https://huggingface.co/stepwise-test/tiny-qwen2/resolve/main/config.json',
      'https://huggingface.co/stepwise-test/tiny-qwen2/resolve/main/tokenizer.json',
      'https://huggingface.co/stepwise-test/tiny-qwen2/resolve/main/tokenizer_config.json',
      'https://huggingface.co/stepwise-test/tiny-qwen2/resolve/main/generation_config.json',
    ]);
  });

  it('refuses a Llama-family model whose tokenizer.json the page cannot read, saying why', async () => {
    const result = await checkModelId('stepwise-test/wordpiece-qwen2');
    expect(result).toMatchObject({
      state: 'refused',
      refusal: { kind: 'tokenizer_file', detail: expect.stringMatching(/^tokenizer.json refused/) },
    });
    expect(requests.some((url) => url.endsWith('.onnx'))).toBe(false);
  });

  it('refuses to check from a teacher’s server, which has no model API', async () => {
    setSource('http://localhost/'); // the page's own origin: always allowed
    const result = await checkModelId('Xenova/distilgpt2');
    expect(result).toMatchObject({ state: 'refused', refusal: { kind: 'server_source' } });
    expect(requests).toEqual([]);
  });

  it('keeps the newest check’s answer when an older one answers last', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        if (String(input).includes('distilgpt2')) await slow;
        return fakeFetch(input);
      }),
    );
    const older = checkModelId('Xenova/distilgpt2');
    await checkModelId('uer/gpt2-chinese');
    release();
    await older;
    expect(useModelCheckStore.getState().result).toMatchObject({ repo: 'uer/gpt2-chinese' });
  });
});
