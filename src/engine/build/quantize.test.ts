import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE, SLOTS_Q8_FILE } from '../modelCatalog';
import { followFloat32 } from '../testing/followFloat32';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { quantizeColumns, Q_MAX, transpose } from './quantize';

const TINY_DIR = fileURLToPath(new URL('../../../public/models/tiny-gpt2', import.meta.url));

describe('quantizeColumns', () => {
  it('keeps every value within half a step of its column scale, and zero columns at zero', () => {
    const w = Float32Array.from([0.5, 0, -2, 0.25, 0, 1, -0.125, 0, 0.5]); // [3, 3]
    const { values, scales } = quantizeColumns(w, 3, 3);
    expect(Array.from(scales)).toEqual([0.5 / Q_MAX, 1, 2 / Q_MAX].map(Math.fround));
    for (let i = 0; i < w.length; i++) {
      const scale = scales[i % 3];
      expect(Math.abs(values[i] * scale - w[i])).toBeLessThanOrEqual(scale / 2 + 1e-9);
    }
    expect(values[0]).toBe(Q_MAX);
    expect(values[2]).toBe(-Q_MAX);
    expect(values[1]).toBe(0);
  });

  it('transposes row-major matrices', () => {
    expect(Array.from(transpose(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([
      1, 4, 2, 5, 3, 6,
    ]);
  });
});

describe('the q8 file of tiny-gpt2', () => {
  let fp32: NodeModel;
  let q8: NodeModel;

  beforeAll(async () => {
    fp32 = await loadNodeModel(TINY_DIR, SLOTS_MODEL_FILE);
    q8 = await loadNodeModel(TINY_DIR, SLOTS_Q8_FILE);
  });

  afterAll(async () => {
    await fp32?.session.release();
    await q8?.session.release();
  });

  it('exists beside the float32 files and speaks the slots interface', () => {
    for (const file of [HF_MODEL_FILE, SLOTS_MODEL_FILE, SLOTS_Q8_FILE]) {
      expect(existsSync(`${TINY_DIR}/${file}`)).toBe(true);
    }
    expect(q8.decoder.layout).toBe('slots');
  });

  it('follows the float32 model closely: the same top token at most steps, close logits', async () => {
    fp32.decoder.reset();
    q8.decoder.reset();
    const steps = 20;
    const { agree, meanAbs } = await followFloat32(
      fp32.decoder,
      q8.decoder,
      [7454, 2402, 257, 640],
      steps,
    );
    console.log(
      `q8 vs fp32: top token agrees ${agree}/${steps}, worst mean |Δlogit| ${meanAbs.toFixed(3)}`,
    );
    expect(agree).toBeGreaterThanOrEqual(16);
    // The logits spread over ~±40 in this model; 8-bit weights move them by a small fraction.
    expect(meanAbs).toBeLessThan(1);
    expect(meanAbs).toBeGreaterThan(0); // they are other weights: the test can tell them apart
  });
});
