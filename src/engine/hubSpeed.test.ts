import { describe, expect, it } from 'vitest';
import { scaleMeasuredStepMs, stepCost, wasmStepEstimateMs } from './hubSpeed';

describe('wasmStepEstimateMs', () => {
  it('gives back the measured steps it is scaled from, and grows with the parameters', () => {
    expect(wasmStepEstimateMs(124.4e6, 'fp32')).toBeCloseTo(17.4, 5);
    expect(wasmStepEstimateMs(494e6, 'q8')).toBeCloseTo(56.5, 5);
    expect(wasmStepEstimateMs(82e6, 'fp32')).toBeLessThan(wasmStepEstimateMs(124.4e6, 'fp32'));
  });
});

describe('scaleMeasuredStepMs', () => {
  const gpt2 = { parameters: 124.4e6, precision: 'fp32' as const, ms: 24 };

  it('gives back the measured step for the measured model', () => {
    expect(scaleMeasuredStepMs({ ...gpt2, backend: 'wasm' }, 124.4e6, 'fp32')).toBeCloseTo(24, 9);
    expect(scaleMeasuredStepMs({ ...gpt2, backend: 'webgpu' }, 124.4e6, 'fp32')).toBeCloseTo(24, 9);
  });

  it('scales by the weights a step reads, as the backend reads them', () => {
    // WASM: by parameters, 8-bit costing about as much a parameter as float32 (the bench's ratio).
    const wasm = { ...gpt2, backend: 'wasm' as const };
    expect(scaleMeasuredStepMs(wasm, 248.8e6, 'fp32')).toBeCloseTo(48, 9);
    const q8 = scaleMeasuredStepMs(wasm, 494e6, 'q8');
    expect(q8).toBeCloseTo(24 * (wasmStepEstimateMs(494e6, 'q8') / 17.4), 9);
    expect(q8 / 24).toBeCloseTo(56.5 / 17.4, 9); // the reference's own ratio
    // WebGPU: by bytes, so an 8-bit file of 4x the parameters reads as many bytes.
    const gpu = { ...gpt2, backend: 'webgpu' as const };
    expect(scaleMeasuredStepMs(gpu, 4 * 124.4e6, 'q8')).toBeCloseTo(24, 9);
    expect(scaleMeasuredStepMs(gpu, 124.4e6, 'fp16')).toBeCloseTo(12, 9);
  });

  it('costs grow with parameters on both backends', () => {
    for (const backend of ['wasm', 'webgpu'] as const) {
      expect(stepCost(135e6, 'fp32', backend)).toBeGreaterThan(stepCost(82e6, 'fp32', backend));
    }
  });
});
