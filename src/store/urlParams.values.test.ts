/**
 * Each URL parameter's accepted values and the reason given for a refused one, parameter by
 * parameter (the parser's whole-query behaviour is in urlParams.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { MAX_STEPS } from './urlParams';
import { parseOne as one } from './testing/parseOne';

describe('each URL parameter', () => {
  const cases: [name: string, valid: [string, unknown][], invalid: string[], reason: string][] = [
    [
      'steps',
      [
        ['1', 1],
        ['20', 20],
        [`${MAX_STEPS}`, MAX_STEPS],
      ],
      ['0', '1.5', 'abc', '2000', '-3', '', '1e2', `${MAX_STEPS + 1}`],
      `an integer from 1 to ${MAX_STEPS}`,
    ],
    [
      'step',
      [
        ['0', 0],
        ['3', 3],
        [`${MAX_STEPS}`, MAX_STEPS],
      ],
      ['-1', '1.5', 'abc', '', `${MAX_STEPS + 1}`],
      `an integer from 0 to ${MAX_STEPS}`,
    ],
    [
      'strategy',
      [
        ['greedy', 'greedy'],
        ['sample', 'sample'],
      ],
      ['foo', 'Greedy', '', 'Beam'],
      'greedy, sample, beam, jacobi or speculative',
    ],
    [
      'beams',
      [
        ['1', 1],
        ['3', 3],
        ['8', 8],
      ],
      ['0', '9', '2.5', 'two', ''],
      'an integer from 1 to 8',
    ],
    [
      'lengthPenalty',
      [
        ['0', 0],
        ['1.5', 1.5],
        ['3', 3],
      ],
      ['-0.5', '3.1', 'NaN', ''],
      'a number from 0 to 3',
    ],
    [
      'window',
      [
        ['1', 1],
        ['4', 4],
        ['8', 8],
      ],
      ['0', '9', '1.5', ''],
      'an integer from 1 to 8',
    ],
    [
      'k',
      [
        ['1', 1],
        ['8', 8],
      ],
      ['0', '9', '2.5', ''],
      'an integer from 1 to 8',
    ],
    [
      'draft',
      [
        ['tiny-gpt2-draft', 'tiny-gpt2-draft'],
        ['Xenova/distilgpt2@hub', 'Xenova/distilgpt2@hub'],
      ],
      ['no-such-model', ''],
      'a model id from the model list',
    ],
    [
      'temperature',
      [
        ['0', 0],
        ['0.7', 0.7],
        ['10', 10],
      ],
      ['-1', 'NaN', '11', '', 'Infinity', 'warm'],
      'a number from 0 to 10',
    ],
    [
      'topK',
      [
        ['0', 0],
        ['40', 40],
        ['50257', 50257],
      ],
      ['-1', '1.5', '50258', 'ten'],
      'an integer from 0 (off) to 50257',
    ],
    [
      'topP',
      [
        ['0.01', 0.01],
        ['1', 1],
      ],
      ['0', '1.1', '-0.5', '', 'NaN'],
      'a number in (0, 1]',
    ],
    [
      'minP',
      [
        ['0', 0],
        ['0.05', 0.05],
        ['1', 1],
      ],
      ['-0.000001', '1.000001', '-1', '', 'NaN', 'half'],
      'a number from 0 to 1',
    ],
    [
      'seed',
      [
        ['0', 0],
        ['42', 42],
        ['4294967295', 4294967295],
      ],
      ['-1', '1.5', '4294967296', 'abc'],
      'an integer from 0 to 4294967295',
    ],
    [
      'ep',
      [
        ['auto', 'auto'],
        ['webgpu', 'webgpu'],
        ['wasm', 'wasm'],
      ],
      ['cuda', 'WASM', ''],
      'auto, webgpu or wasm',
    ],
    [
      'lang',
      [
        ['en', 'en'],
        ['zh-CN', 'zh-CN'],
      ],
      ['fr', 'zh', 'EN'],
      'en or zh-CN',
    ],
  ];

  describe.each(cases)('%s', (name, valid, invalidValues, reason) => {
    it.each(valid)(`accepts ${name}=%s`, (value, parsed) => {
      const { overrides, invalid } = one(name, value);
      expect(invalid).toEqual([]);
      expect(overrides).toEqual({ autoplay: false, [name]: parsed });
    });

    it.each(invalidValues)(`ignores ${name}=%s and says why`, (value) => {
      const { overrides, invalid } = one(name, value);
      expect(overrides).toEqual({ autoplay: false });
      expect(invalid).toEqual([{ name, value, reason }]);
    });
  });
});
