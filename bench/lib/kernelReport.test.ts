import { describe, expect, it } from 'vitest';
import { kernelLine } from './kernelReport';

const ms = { fp32: 2, int8: 1, uint8: 4, nbits8: 0.5, nbits4: 0.25 };
const errors = { int8: 0.004, uint8: 0.004, nbits8: 0.004, nbits4: 0.07 };

describe('kernelLine', () => {
  it('gives fp32 its time and each other kind its speed-up over fp32 and its error', () => {
    expect(kernelLine('runtime', ms, errors)).toBe(
      'runtime                fp32 2.00 ms  int8 1.00 ms (2.00×, err 0.004)  ' +
        'uint8 4.00 ms (0.50×, err 0.004)  nbits8 0.50 ms (4.00×, err 0.004)  ' +
        'nbits4 0.25 ms (8.00×, err 0.070)',
    );
  });

  it('throws when a product is further off than its kind allows', () => {
    expect(() => kernelLine('runtime', ms, { ...errors, int8: 0.03 })).toThrow(
      'runtime int8: error 0.030 > 0.02',
    );
    expect(() => kernelLine('runtime', ms, { ...errors, nbits4: 0.14 })).not.toThrow();
    expect(() => kernelLine('runtime', ms, { ...errors, nbits4: Number.NaN })).toThrow(/nbits4/);
  });
});
