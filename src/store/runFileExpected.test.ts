import { describe, expect, it } from 'vitest';
import { describeLimit, LIMITS } from '../engine/limits';
import { translateMessage } from '../i18n';
import { runFileExpected } from './runFileExpected';
import { EXPECTED } from './runFileSchema';

describe('runFileExpected', () => {
  it('reads every limit of the table back as a range, in either language', () => {
    for (const [name, limit] of Object.entries(LIMITS)) {
      const expected = runFileExpected(describeLimit(limit));
      expect(expected.key, name).toMatch(/^url(Integer|Number|NumberAbove)$/);
      expect(translateMessage('zh-CN', expected), name).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(translateMessage('zh-CN', runFileExpected('an integer 0–50256'))).toBe(
      '0 到 50256 之间的整数',
    );
    expect(translateMessage('en', runFileExpected('a number in (0, 1]'))).toBe(
      'a number in (0, 1]',
    );
  });

  it('knows each expectation the run-file schemas write', () => {
    const written = [
      EXPECTED.probability,
      EXPECTED.boolean,
      EXPECTED.finite,
      EXPECTED.runId,
      EXPECTED.modelId,
      'an object',
      'text of at most 100 characters',
      ...Object.values(EXPECTED.listOf).map((what) => `a list of ${what}`),
      '"greedy", "sample"',
      '"webgpu", "wasm", null',
    ];
    for (const text of written) {
      expect(runFileExpected(text).key, text).not.toBe('rfExpectText');
      expect(translateMessage('zh-CN', runFileExpected(text)), text).not.toBe(text);
    }
    // Anything else is kept as it is rather than lost.
    expect(translateMessage('zh-CN', runFileExpected('a mystery'))).toBe('a mystery');
  });
});
