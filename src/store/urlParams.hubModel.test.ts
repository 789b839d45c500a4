import { describe, expect, it } from 'vitest';
import { parseUrlParams } from './urlParams';

describe('model= naming a Hub model the page must check first', () => {
  it('reads a catalogue id as its repo, and never as a selected model', () => {
    const { overrides, invalid } = parseUrlParams('?model=qwen2.5-0.5b&autoplay=1');
    expect(invalid).toEqual([]);
    expect(overrides).toMatchObject({ hubRepo: 'onnx-community/Qwen2.5-0.5B-Instruct' });
    expect(overrides.modelId).toBeUndefined();
  });

  it('reads a bare Hub id as the repo to check', () => {
    const { overrides } = parseUrlParams('?model=Xenova%2Fdistilgpt2');
    expect(overrides).toMatchObject({ hubRepo: 'Xenova/distilgpt2' });
    expect(overrides.modelId).toBeUndefined();
  });

  it('keeps the ids the model list takes as they are', () => {
    for (const id of [
      'gpt2',
      'tiny-gpt2:q8',
      'Xenova/gpt2@hub:q8',
      'openai-community/gpt2@built',
    ]) {
      const { overrides } = parseUrlParams(`?model=${encodeURIComponent(id)}`);
      expect(overrides.modelId).toBe(id);
      expect(overrides.hubRepo).toBeUndefined();
    }
  });

  it('still names a site folder that does not exist, or an id of neither form', () => {
    for (const id of ['gpt3', 'a/b/c']) {
      const { overrides, invalid } = parseUrlParams(`?model=${encodeURIComponent(id)}`);
      expect(invalid.map((i) => i.name)).toEqual(['model']);
      expect(overrides.hubRepo).toBeUndefined();
    }
  });
});
