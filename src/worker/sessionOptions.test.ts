import { describe, expect, it } from 'vitest';
import { sessionOptions } from './sessionOptions';

describe('sessionOptions', () => {
  it('keeps every layer’s cache outputs on the GPU on WebGPU, and nothing else', () => {
    const options = sessionOptions('webgpu', { layers: 2 });
    expect(options.executionProviders).toEqual(['webgpu', 'wasm']);
    expect(options.preferredOutputLocation).toEqual({
      'present.0.key': 'gpu-buffer',
      'present.0.value': 'gpu-buffer',
      'present.1.key': 'gpu-buffer',
      'present.1.value': 'gpu-buffer',
    });
  });

  it('leaves every output in JS on WASM', () => {
    const options = sessionOptions('wasm', { layers: 12 });
    expect(options).toEqual({
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
  });
});
