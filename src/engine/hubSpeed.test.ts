import { describe, expect, it } from 'vitest';
import { wasmStepEstimateMs } from './hubSpeed';

describe('wasmStepEstimateMs', () => {
  it('gives back the measured steps it is scaled from, and grows with the parameters', () => {
    expect(wasmStepEstimateMs(124.4e6, 'fp32')).toBeCloseTo(17.4, 5);
    expect(wasmStepEstimateMs(494e6, 'q8')).toBeCloseTo(56.5, 5);
    expect(wasmStepEstimateMs(82e6, 'fp32')).toBeLessThan(wasmStepEstimateMs(124.4e6, 'fp32'));
  });
});
