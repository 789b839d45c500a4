/**
 * The model check's speed estimate from the user's own runs: which run counts as a measurement,
 * which backend the estimate is for, and the reference machine's figure without one.
 */
import { describe, expect, it } from 'vitest';
import { wasmStepEstimateMs } from '../engine/hubSpeed';
import type { Run } from './run';
import { runRecord, stepRecord } from './testing/fixtures';
import { estimateStepMs, knownModelSize, measuredStep, targetBackend } from './userSpeed';

/** A finished run of `modelId` on `backend` whose decode steps took `times` ms (step 1: 500). */
function timedRun(
  modelId: string,
  backend: Run['backend'],
  times: number[],
  fields: Partial<Run> = {},
) {
  const steps = [500, ...times].map((ms, i) => ({
    ...stepRecord(i + 1),
    contextLength: 4 + i,
    modelMs: ms,
  }));
  return runRecord({ modelId, backend, steps, stopReason: 'max_steps', ...fields });
}

describe('the models whose size the page knows', () => {
  it('knows GPT-2 in its sources, the catalogue and the shaped models, with their file', () => {
    expect(knownModelSize('gpt2')).toEqual({ parameters: 124.4e6, precision: 'fp32' });
    expect(knownModelSize('Xenova/gpt2@hub:q8')).toEqual({ parameters: 124.4e6, precision: 'q8' });
    expect(knownModelSize('openai-community/gpt2@built')?.parameters).toBe(124.4e6);
    expect(knownModelSize('HuggingFaceTB/SmolLM2-135M-Instruct@hub')?.parameters).toBe(135e6);
    expect(knownModelSize('Xenova/distilgpt2@hub')?.parameters).toBe(82e6);
    expect(knownModelSize('someone/unknown@hub')).toBeNull();
    expect(knownModelSize('gpt2@files')).toBeNull(); // picked files: any size
  });
});

describe('a run as a measurement', () => {
  it('is the median decode step of a cached run made here, step 1 (the prefill) left out', () => {
    const basis = measuredStep(timedRun('gpt2', 'wasm', [30, 20, 22, 90]));
    expect(basis).toMatchObject({ ms: 26, steps: 4, backend: 'wasm', parameters: 124.4e6 });
  });

  it('is none for an imported run, one without the cache, a tiny model, or too few steps', () => {
    expect(measuredStep(timedRun('gpt2', null, [20, 20, 20]))).toBeNull();
    const noCache = timedRun('gpt2', 'wasm', [20, 20, 20]);
    expect(measuredStep({ ...noCache, config: { ...noCache.config, cache: false } })).toBeNull();
    expect(measuredStep(timedRun('tiny-gpt2', 'wasm', [1, 1, 1]))).toBeNull();
    expect(measuredStep(timedRun('gpt2', 'wasm', [20, 20]))).toBeNull();
  });

  it('counts only steps at short context', () => {
    const long = timedRun('gpt2', 'wasm', [20, 20, 20, 80, 80]);
    long.steps.forEach((s, i) => (s.contextLength = i < 4 ? 10 : 900));
    expect(measuredStep(long)).toMatchObject({ ms: 20, steps: 3 });
  });
});

describe('the estimate', () => {
  const smol = { parameters: 135e6, precision: 'fp32' as const };

  it('scales the newest run on the backend that will run, naming it', () => {
    const old = timedRun('gpt2', 'wasm', [40, 40, 40], { id: 'old', createdAt: 1 });
    const mine = timedRun('gpt2', 'wasm', [30, 30, 30], { id: 'mine', createdAt: 2 });
    const gpu = timedRun('gpt2', 'webgpu', [6, 6, 6], { id: 'gpu', createdAt: 3 });
    const runs = [old, mine, gpu];
    const wasm = estimateStepMs(runs, 'wasm', smol.parameters, smol.precision);
    expect(wasm).toMatchObject({ basis: 'measured', backend: 'wasm', run: { runId: 'mine' } });
    expect(wasm.ms).toBeCloseTo((30 * 135e6) / 124.4e6, 6);
    const webgpu = estimateStepMs(runs, 'webgpu', smol.parameters, smol.precision);
    expect(webgpu).toMatchObject({ basis: 'measured', backend: 'webgpu', run: { runId: 'gpu' } });
    expect(webgpu.ms).toBeCloseTo((6 * 135e6) / 124.4e6, 6);
  });

  it('is the reference machine’s without a measurement on that backend', () => {
    const runs = [timedRun('gpt2', 'wasm', [30, 30, 30])];
    const estimate = estimateStepMs(runs, 'webgpu', smol.parameters, smol.precision);
    expect(estimate).toEqual({ ms: wasmStepEstimateMs(135e6, 'fp32'), basis: 'reference' });
    expect(estimateStepMs([], null, 494e6, 'q8')).toMatchObject({ basis: 'reference' });
  });

  it('is for the backend chosen, else the loaded model’s, else the newest measured run’s', () => {
    const runs = [timedRun('gpt2', 'webgpu', [6, 6, 6])];
    expect(targetBackend('wasm', 'webgpu', runs)).toBe('wasm');
    expect(targetBackend('auto', 'wasm', runs)).toBe('wasm');
    expect(targetBackend('auto', null, runs)).toBe('webgpu');
    expect(targetBackend('auto', null, [])).toBeNull();
  });
});
