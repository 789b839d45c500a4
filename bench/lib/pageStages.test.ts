import { describe, expect, it } from 'vitest';
import { adapterStatus } from './pageStages';

describe('adapterStatus', () => {
  it('names a hardware adapter, a software one, or none', () => {
    expect(adapterStatus({ vendor: 'nvidia', architecture: 'hopper', fallback: false })).toBe(
      'hardware adapter: hopper, vendor nvidia',
    );
    expect(adapterStatus({ vendor: 'google', architecture: '', fallback: true })).toBe(
      'software (fallback) adapter: ?, vendor google',
    );
    expect(adapterStatus(null)).toBe('no WebGPU adapter (requestAdapter() returned null)');
  });
});
