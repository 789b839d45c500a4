import { describe, expect, it } from 'vitest';
import { bytesPerPosition, cacheTraffic, knownShape, kvCacheSize } from './kvCacheSize';
import { GPT2_SMALL, TINY_GPT2 } from './modelShape';

describe('kvCacheSize', () => {
  it('counts 2 × layers × heads × positions × head_dim float32 values', () => {
    const size = kvCacheSize(TINY_GPT2, 6);
    expect(size).toEqual({
      layers: 2,
      heads: 4,
      headDim: 16,
      positions: 6,
      values: 2 * 2 * 4 * 6 * 16,
      bytes: 2 * 2 * 4 * 6 * 16 * 4,
    });
  });

  it('gives GPT-2 small 72 KiB per position, 72 MiB at its full context', () => {
    expect(bytesPerPosition(GPT2_SMALL)).toBe(72 * 1024);
    expect(kvCacheSize(GPT2_SMALL, 1).bytes).toBe(bytesPerPosition(GPT2_SMALL));
    expect(kvCacheSize(GPT2_SMALL, 1024).bytes).toBe(72 * 1024 * 1024);
  });

  it('holds the key/value heads only under grouped-query attention', () => {
    // SmolLM2-135M's shape: 9 query heads share 3 key/value heads of 64 values.
    const smol = { ...GPT2_SMALL, layers: 30, heads: 9, kvHeads: 3, width: 576 };
    expect(kvCacheSize(smol, 10)).toMatchObject({ heads: 3, headDim: 64 });
    expect(bytesPerPosition(smol)).toBe(2 * 30 * 3 * 64 * 4);
    expect(kvCacheSize(smol, 10).bytes).toBe(10 * bytesPerPosition(smol));
  });

  it('holds nothing before any position', () => {
    expect(kvCacheSize(TINY_GPT2, 0).bytes).toBe(0);
  });
});

describe('cacheTraffic', () => {
  it('writes every prompt row at the prefill and reads none', () => {
    expect(cacheTraffic(4, 4, true)).toEqual({ read: 0, written: 4 });
  });

  it('reads the rows held and writes one at a decode step', () => {
    // Step 3 of a 4-token prompt read 6 tokens: 5 held, the newest one written.
    expect(cacheTraffic(6, 4, false)).toEqual({ read: 5, written: 1 });
  });
});

describe('knownShape', () => {
  it('knows the app and Hub GPT-2 folders by id, not models picked from files', () => {
    expect(knownShape('tiny-gpt2:q8')).toBe(TINY_GPT2);
    expect(knownShape('gpt2')).toBe(GPT2_SMALL);
    expect(knownShape('Xenova/gpt2@hub:q8')).toBe(GPT2_SMALL);
    expect(knownShape('gpt2@files')).toBeNull();
    expect(knownShape('other/model@hub')).toBeNull();
  });
});
