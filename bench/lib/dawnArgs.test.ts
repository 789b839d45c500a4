import { describe, expect, it } from 'vitest';
import { UsageError } from './cli';
import { contenderLabel, DEFAULT_CONTENDERS, parseContender, parseDawnArgs } from './dawnArgs';

describe('parseContender', () => {
  it('reads backend:variant, the GPU cache and the JSEP build', () => {
    expect(parseContender('webgpu:hf+gpu-cache@jsep')).toEqual({
      backend: 'webgpu',
      variant: 'hf',
      gpuCache: true,
      build: 'jsep',
    });
    expect(parseContender('webgpu:q8')).toEqual({
      backend: 'webgpu',
      variant: 'q8',
      gpuCache: false,
      build: 'webgpu',
    });
    expect(parseContender('wasm')).toEqual({
      backend: 'wasm',
      variant: 'slots',
      gpuCache: false,
      build: 'plain',
    });
  });

  it('refuses other backends, variants, options and builds', () => {
    for (const text of ['cuda:slots', 'webgpu:fp16', 'webgpu:hf+cpu-cache', 'wasm:slots@jsep']) {
      expect(() => parseContender(text), text).toThrow(UsageError);
    }
  });

  it('labels a contender by what it sets', () => {
    expect(contenderLabel(parseContender('webgpu:hf+gpu-cache@jsep'))).toBe(
      'webgpu hf gpu-cache jsep',
    );
    expect(contenderLabel(parseContender('wasm:slots'))).toBe('wasm slots');
  });
});

describe('parseDawnArgs', () => {
  it('defaults to gpt2-shaped, the five contenders, one thread, bench/dawn-results.json', () => {
    const options = parseDawnArgs([], '/repo');
    expect(options.modelDir).toBe('/repo/public/models/gpt2-shaped');
    expect(options.contenders.map(contenderLabel)).toEqual(
      DEFAULT_CONTENDERS.split(',').map((c) => contenderLabel(parseContender(c))),
    );
    expect(options.contenders).toHaveLength(5);
    expect([options.threads, options.quick, options.out]).toEqual([
      1,
      false,
      '/repo/bench/dawn-results.json',
    ]);
  });

  it('takes each flag with its value', () => {
    const options = parseDawnArgs(
      ['--model', '/m', '--contenders', 'wasm:q8', '--threads', '4', '--quick', '--out', '/o.json'],
      '/repo',
    );
    expect(options).toEqual({
      modelDir: '/m',
      contenders: [parseContender('wasm:q8')],
      quick: true,
      threads: 4,
      out: '/o.json',
    });
  });

  it('refuses a thread count that is not a whole number from 1, and unknown flags', () => {
    for (const threads of ['0', '1.5', 'two']) {
      expect(() => parseDawnArgs(['--threads', threads], '/repo')).toThrow(UsageError);
    }
    expect(() => parseDawnArgs(['--model'], '/repo')).toThrow(UsageError);
    expect(() => parseDawnArgs(['--gpu'], '/repo')).toThrow(UsageError);
  });
});
