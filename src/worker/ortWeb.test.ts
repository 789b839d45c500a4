import { describe, expect, it } from 'vitest';
import { wasmThreads } from './ortWeb';

describe('wasmThreads', () => {
  it('runs one thread where the page is not cross-origin isolated', () => {
    expect(wasmThreads(false, 8)).toBe(1);
  });

  it('runs a thread per core, at least one and at most four', () => {
    expect(wasmThreads(true, 1)).toBe(1);
    expect(wasmThreads(true, 2)).toBe(2);
    expect(wasmThreads(true, 4)).toBe(4);
    expect(wasmThreads(true, 16)).toBe(4);
  });
});
