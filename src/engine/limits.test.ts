import { describe, expect, it } from 'vitest';
import { configProblem, describeLimit, LIMITS, within } from './limits';
import { DEFAULT_SAMPLING } from './sampling';
import { TOKENIZER_VOCAB } from './tokenizer';

describe('the table of limits', () => {
  it('draws each boundary once: closed ranges, top-p open at 0', () => {
    const cases: [keyof typeof LIMITS, number, boolean][] = [
      ['steps', 1, true],
      ['steps', 1024, true],
      ['steps', 0, false],
      ['steps', 1025, false],
      ['steps', 2.5, false],
      ['temperature', 0, true],
      ['temperature', 10, true],
      ['temperature', 10.000001, false],
      ['temperature', -0.000001, false],
      ['topK', 0, true],
      ['topK', TOKENIZER_VOCAB, true],
      ['topK', TOKENIZER_VOCAB + 1, false],
      ['topK', -3, false],
      ['topP', 0, false],
      ['topP', 0.000001, true],
      ['topP', 1, true],
      ['topP', 1.5, false],
      ['seed', 0, true],
      ['seed', 4294967295, true],
      ['seed', 4294967296, false],
      ['seed', 1.5, false],
    ];
    for (const [name, value, allowed] of cases) {
      expect([name, value, within(LIMITS[name], value)]).toEqual([name, value, allowed]);
    }
  });

  it('refuses what is not a finite number', () => {
    for (const value of [Number.NaN, Infinity, -Infinity]) {
      expect(within(LIMITS.temperature, value)).toBe(false);
    }
  });

  it('holds defaults that are within their own limits', () => {
    for (const limit of Object.values(LIMITS)) {
      if ('default' in limit) expect(within(limit, limit.default)).toBe(true);
    }
    expect(DEFAULT_SAMPLING).toMatchObject({ temperature: 1, topK: 0, topP: 1, seed: 42 });
  });

  it('describes each range in words', () => {
    expect(describeLimit(LIMITS.steps)).toBe('an integer 1–1024');
    expect(describeLimit(LIMITS.temperature)).toBe('a number 0–10');
    expect(describeLimit(LIMITS.topP)).toBe('a number in (0, 1]');
  });
});

describe('configProblem (what the worker refuses)', () => {
  const config = { maxSteps: 20, sampling: { ...DEFAULT_SAMPLING, strategy: 'sample' } };

  it('accepts settings within the table, with or without a candidate count', () => {
    expect(configProblem(config)).toBeNull();
    expect(configProblem({ ...config, candidateCount: 20 })).toBeNull();
  });

  it('names the first setting out of range and what it expects', () => {
    const sampling = (change: object) => ({
      ...config,
      sampling: { ...config.sampling, ...change },
    });
    expect(configProblem(sampling({ temperature: 50 }))).toBe(
      'sampling.temperature is 50, expected a number 0–10',
    );
    expect(configProblem(sampling({ topK: -3 }))).toMatch(/^sampling.topK is -3/);
    expect(configProblem(sampling({ topP: 1.5 }))).toMatch(/^sampling.topP is 1.5/);
    expect(configProblem({ ...config, maxSteps: 1025 })).toMatch(/^maxSteps is 1025/);
    expect(configProblem({ ...config, candidateCount: 0 })).toMatch(/^candidateCount is 0/);
    expect(configProblem(sampling({ strategy: 'beam' }))).toMatch(/^sampling.strategy is beam/);
    expect(configProblem(null)).not.toBeNull();
  });

  it('reads own fields only', () => {
    const inherited: object = Object.create({ maxSteps: 20 });
    Object.assign(inherited, { sampling: config.sampling });
    expect(configProblem(inherited)).toMatch(/^maxSteps is undefined/);
  });
});
