import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BUILT_BASE,
  BUILT_REPOS,
  builtModel,
  forBackend,
  HF_MODEL_FILE,
  hubModel,
  localModel,
  modelFromId,
  SLOTS_MODEL_FILE,
  SLOTS_Q8_FILE,
} from './modelCatalog';

describe('forBackend', () => {
  it('puts the slots file first for WASM and last for WebGPU, keeping every file', () => {
    const local = localModel('gpt2');
    expect(forBackend(local, 'wasm').modelFiles[0]).toBe(SLOTS_MODEL_FILE);
    const gpu = forBackend(local, 'webgpu');
    expect(gpu.modelFiles[0]).toBe(HF_MODEL_FILE);
    expect(gpu.modelFiles.at(-1)).toBe(SLOTS_MODEL_FILE);
    expect([...gpu.modelFiles].sort()).toEqual([...local.modelFiles].sort());
    expect(gpu.id).toBe(local.id);
  });

  it('leaves Hub folders (no slots files) and q8 folders (measured on the slots file only) as they are', () => {
    const hub = hubModel();
    expect(forBackend(hub, 'webgpu').modelFiles).toEqual(hub.modelFiles);
    const q8 = localModel('gpt2-shaped', 'q8');
    expect(forBackend(q8, 'webgpu').modelFiles).toEqual(q8.modelFiles);
  });
});

describe('models built in the browser', () => {
  it('names both precisions by repo, in one reserved folder, with the Hub folder as the source', () => {
    const fp32 = builtModel('openai-community/gpt2');
    const q8 = builtModel('openai-community/gpt2', 'q8');
    expect(fp32.id).toBe('openai-community/gpt2@built');
    expect(q8.id).toBe('openai-community/gpt2@built:q8');
    expect(fp32.origin).toBe('built');
    expect(fp32.baseUrl).toBe('https://built.stepwise.invalid/openai-community/gpt2/');
    expect(q8.baseUrl).toBe(fp32.baseUrl);
    expect(fp32.baseUrl.startsWith(BUILT_BASE)).toBe(true);
    expect(fp32.modelFiles).toEqual([SLOTS_MODEL_FILE]);
    expect(q8.modelFiles).toEqual([SLOTS_Q8_FILE]);
    expect(fp32.weights).toEqual({
      baseUrl: 'https://huggingface.co/openai-community/gpt2/resolve/main/',
    });
    expect(fp32.approxBytes).toBe(548e6);
    expect(builtModel('distilbert/distilgpt2').approxBytes).toBe(353e6);
  });

  it('parses the ids it makes, and refuses a precision it does not build', () => {
    for (const repo of BUILT_REPOS) {
      for (const precision of ['fp32', 'q8'] as const) {
        const spec = builtModel(repo, precision);
        expect(modelFromId(spec.id)).toEqual(spec);
      }
    }
    expect(modelFromId('openai-community/gpt2@built:fp16')).toBeNull();
    expect(modelFromId('gpt2@built')).toBeNull();
  });

  it('keeps the slots file on WebGPU: the only model file the build makes', () => {
    const spec = builtModel('openai-community/gpt2');
    expect(forBackend(spec, 'webgpu').modelFiles).toEqual([SLOTS_MODEL_FILE]);
  });
});

describe('the site folders’ download sizes', () => {
  const SITE = ['tiny-gpt2', 'tiny-gpt2-draft', 'gpt2-shaped', 'gpt2-shaped-draft'];

  it('give a cut-down draft its own size, not its model’s', () => {
    const draft = localModel('gpt2-shaped-draft').approxBytes;
    expect(draft).toBeLessThan(localModel('gpt2-shaped').approxBytes / 2);
    expect(draft).toBeGreaterThan(100e6);
  });

  it('are within a tenth of the slots file the writer made, where it is here', () => {
    const checked = SITE.filter((name) => {
      const url = new URL(`../../public/models/${name}/${SLOTS_MODEL_FILE}`, import.meta.url);
      const path = fileURLToPath(url);
      if (!existsSync(path)) return false;
      const bytes = statSync(path).size;
      expect(Math.abs(localModel(name).approxBytes - bytes) / bytes, name).toBeLessThan(0.1);
      return true;
    });
    // `npm test` writes every folder first (models:ensure); tiny-gpt2's is always there.
    expect(checked).toContain('tiny-gpt2');
  });
});
