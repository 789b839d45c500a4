import { describe, expect, it } from 'vitest';
import { UsageError } from './cli';
import { parseGraphArgs } from './dawnGraphArgs';

describe('parseGraphArgs', () => {
  it('defaults to gpt2-shaped, a 1024-row cache and the report beside the bench', () => {
    expect(parseGraphArgs([], '/repo')).toEqual({
      model: 'gpt2-shaped',
      layers: null,
      ways: ['app', 'gqa', 'capture', 'fused'],
      capacity: 1024,
      steps: 16,
      tokens: 24,
      out: '/repo/bench/dawn-graph-results.json',
    });
  });

  it('reads a recipe, counts and an output file', () => {
    const argv = [
      '--model',
      'tiny-gpt2',
      '--capacity',
      '256',
      '--steps',
      '4',
      '--out',
      '/tmp/g.json',
    ];
    expect(parseGraphArgs(argv, '/repo')).toMatchObject({
      model: 'tiny-gpt2',
      capacity: 256,
      steps: 4,
      out: '/tmp/g.json',
    });
  });

  it('refuses an unknown recipe, a count below 1 and an unknown flag', () => {
    const wrong = [
      ['--model', 'gpt2'],
      ['--steps', '0'],
      ['--tokens', '2.5'],
      ['--fast'],
      ['--layers', '13'],
      ['--layers', '-1'],
      ['--ways', 'app,jsep'],
      ['--ways', 'gqa,gqa'],
      ['--layers', '0'],
      ['--capacity', '32'],
      ['--capacity', '64', '--tokens', '61'],
    ];
    for (const argv of wrong) {
      expect(() => parseGraphArgs(argv, '/repo'), argv.join(' ')).toThrow(UsageError);
    }
  });
});
