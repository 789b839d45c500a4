import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_FILES } from '../../src/engine/build/appFiles';
import { readSafetensors } from '../../src/engine/build/safetensors';
import { modelConfigJson } from '../../src/engine/modelShape';
import { MICRO_SHAPE, microSafetensors } from '../shared/microModel';
import {
  ensureSafetensors,
  parseChildReport,
  runBuildChild,
  WEIGHTS_SUBDIR,
  weightsStamp,
} from './buildNode';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-build-test-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('parseChildReport', () => {
  const report = {
    figures: { inputBytes: 1, loadMs: 1, parseMs: 2, files: [], totalMs: 2 },
    baselineBytes: 10,
    peakBytes: 20,
  };

  it('reads the last line of the child', () => {
    expect(parseChildReport(`noise\n${JSON.stringify(report)}\n`)).toEqual(report);
  });

  it('refuses output without a report', () => {
    expect(() => parseChildReport('Error: out of memory\n')).toThrow(/no report/);
    expect(() => parseChildReport('{"figures":{}}')).toThrow(/malformed/);
  });
});

describe('ensureSafetensors', () => {
  it('writes the recipe weights once, and again when their stamp changes', () => {
    const dir = tempDir();
    const file = ensureSafetensors(dir, 'tiny-gpt2', () => undefined);
    expect(file).toBe(join(dir, WEIGHTS_SUBDIR, 'model.safetensors'));
    const tensors = readSafetensors(new Uint8Array(readFileSync(file)));
    expect(tensors.get('wte.weight')?.dims).toEqual([50257, 64]);
    const written = statSync(file).mtimeMs;
    const logged: string[] = [];
    ensureSafetensors(dir, 'tiny-gpt2', (line) => logged.push(line));
    expect(logged).toEqual([]);
    expect(statSync(file).mtimeMs).toBe(written);
    writeFileSync(join(dir, WEIGHTS_SUBDIR, '.stepwise-version'), 'older weights\n');
    ensureSafetensors(dir, 'tiny-gpt2', (line) => logged.push(line));
    expect(logged.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, WEIGHTS_SUBDIR, '.stepwise-version'), 'utf8')).toBe(
      weightsStamp('tiny-gpt2'),
    );
  });
});

describe('runBuildChild', () => {
  it('builds in a child process and reports its figures and peak memory', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify(modelConfigJson(MICRO_SHAPE)));
    const weights = join(dir, 'model.safetensors');
    writeFileSync(weights, microSafetensors(3));
    const result = await runBuildChild(ROOT, dir, weights, () => undefined);
    expect(result.runtime).toBe('node');
    expect(result.files.map((f) => f.file)).toEqual([...BUILT_FILES]);
    expect(result.memory.peakBytes).toBeGreaterThanOrEqual(result.memory.baselineBytes ?? 0);
  });
});
