import { describe, expect, it } from 'vitest';
import { UsageError } from './cli';
import { ONLY_WHEN_NAMED, PARTS, parseRunArgs } from './runArgs';

describe('parseRunArgs', () => {
  it('runs every part in full by default but those only --only runs', () => {
    const options = parseRunArgs([]);
    expect(options.quick).toBe(false);
    expect(PARTS.filter((part) => !options.only(part))).toEqual(ONLY_WHEN_NAMED);
  });

  it('takes --quick and a subset in --only', () => {
    const options = parseRunArgs(['--quick', '--only=ui,node']);
    expect(options.quick).toBe(true);
    expect(PARTS.filter(options.only)).toEqual(['node', 'ui']);
    expect(PARTS.filter(parseRunArgs(['--only', 'wasm']).only)).toEqual(['wasm']);
  });

  it('runs the inspection pass and the browser build alone, or in a full run only', () => {
    expect(PARTS.filter(parseRunArgs(['--only=inspect,build']).only)).toEqual(['inspect', 'build']);
    expect(PARTS.filter(parseRunArgs(['--quick', '--only=build']).only)).toEqual(['build']);
    expect(PARTS.filter(parseRunArgs(['--quick']).only)).toEqual([
      'wasm',
      'node',
      'tjs',
      'webgpu',
      'ui',
      'pagestep',
      'beam',
    ]);
    // The 0.5B-class model (a 632 MB file to write first) only when named or in a full run.
    expect(PARTS.filter(parseRunArgs([]).only)).toContain('llama');
    // The long-context experiment only when named.
    expect(PARTS.filter(parseRunArgs([]).only)).not.toContain('longctx');
    expect(PARTS.filter(parseRunArgs(['--only=longctx']).only)).toEqual(['longctx']);
  });

  it('refuses a part it does not know, an empty --only and unknown flags', () => {
    expect(() => parseRunArgs(['--only=ui,gpu'])).toThrow(UsageError);
    expect(() => parseRunArgs(['--only='])).toThrow(
      /--only takes wasm, node, tjs, webgpu, ui, pagestep, inspect, build, spec, beam, llama, longctx;/,
    );
    expect(() => parseRunArgs(['--quik'])).toThrow(UsageError);
    expect(() => parseRunArgs(['quick'])).toThrow(UsageError);
  });
});
