import { describe, expect, it } from 'vitest';
import { BUILT_FILES } from '../engine/build/appFiles';
import { builtModel } from '../engine/modelCatalog';
import { builtReady, BUILT_FOLDER_FILES } from './modelAvailability';

const folder = builtModel('openai-community/gpt2').baseUrl;
const distil = builtModel('distilbert/distilgpt2').baseUrl;

describe('models built in this browser, found in the cache', () => {
  it('looks for every file the build makes, then config.json', () => {
    expect(BUILT_FOLDER_FILES).toEqual([...BUILT_FILES, 'config.json']);
  });

  it('counts a folder with every file as both precisions, and one missing any file as none', () => {
    const whole = BUILT_FOLDER_FILES.map((file) => `${folder}${file}`);
    expect(builtReady(whole)).toEqual([
      'openai-community/gpt2@built',
      'openai-community/gpt2@built:q8',
    ]);
    for (const left of whole) {
      expect(builtReady(whole.filter((url) => url !== left))).toEqual([]);
    }
    // The checkpoint in the cache is not the built model.
    const hub = 'https://huggingface.co/distilbert/distilgpt2/resolve/main/';
    expect(builtReady([`${hub}config.json`, `${hub}model.safetensors`])).toEqual([]);
    const both = [...whole, ...BUILT_FOLDER_FILES.map((file) => `${distil}${file}`)];
    expect(builtReady(both)).toHaveLength(4);
  });
});
