import { describe, expect, it } from 'vitest';
import { forBackend, HF_MODEL_FILE, hubModel, localModel, SLOTS_MODEL_FILE } from './modelCatalog';

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
