import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_FILES } from '../../src/engine/build/appFiles';
import { hubTensors } from '../../src/engine/build/hubWeights';
import { readSafetensors, writeSafetensors } from '../../src/engine/build/safetensors';
import { makeWeights } from '../../src/engine/build/tinyWeights';
import { modelConfigJson, type ModelShape } from '../../src/engine/modelShape';
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
    const shape: ModelShape = {
      layers: 1,
      heads: 2,
      width: 8,
      vocab: 32,
      context: 16,
      eosTokenId: 31,
      layerNormEpsilon: 1e-5,
    };
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify(modelConfigJson(shape)));
    const weights = join(dir, 'model.safetensors');
    writeFileSync(weights, writeSafetensors(hubTensors(shape, makeWeights(shape, 3))));
    const result = await runBuildChild(ROOT, dir, weights, () => undefined);
    expect(result.runtime).toBe('node');
    expect(result.files.map((f) => f.file)).toEqual([...BUILT_FILES]);
    expect(result.memory.peakBytes).toBeGreaterThanOrEqual(result.memory.baselineBytes ?? 0);
  });
});
