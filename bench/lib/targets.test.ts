import { describe, expect, it } from 'vitest';
import { appRun, inspectAt, inspectRun, ok, results, step, uiResult } from './resultFixtures';
import type { BenchResults, Target } from './results';
import { computeTargets } from './targets';

/** The target whose name starts with `prefix`. */
function target(r: BenchResults, prefix: string): Target {
  const found = computeTargets(r).find((t) => t.name.startsWith(prefix));
  if (!found) throw new Error(`no target ${prefix}`);
  return found;
}

describe('computeTargets', () => {
  it('meets a lower bound at the bound and misses it below', () => {
    const at = results({ ratios: { 'wasm2t/node2t tok/s @128': 0.8 } });
    expect(target(at, 'WASM decode vs node').met).toBe(true);
    const below = results({ ratios: { 'wasm2t/node2t tok/s @128': 0.79 } });
    const missed = target(below, 'WASM decode vs node');
    expect(missed.met).toBe(false);
    expect(missed.value).toBe('2t 0.79×, 1t n/a×');
  });

  it('meets an upper bound at the bound and misses it above', () => {
    const within = results({ ratios: { 'wasm2t step(1000)/step(16)': 1.5 } });
    expect(target(within, 'step(1000) vs step(16)').met).toBe(true);
    const above = results({ ratios: { 'wasm2t step(1000)/step(16)': 1.51 } });
    expect(target(above, 'step(1000) vs step(16)').met).toBe(false);
    const over = results({ ratios: { 'wasm2t max overhead %': 3.2 } });
    expect(target(over, 'app overhead').met).toBe(false);
  });

  it('leaves a target unjudged (null) when the run did not measure it', () => {
    const none = computeTargets(results());
    expect(none.map((t) => t.met)).toEqual(none.map(() => null));
    expect(target(results(), 'q8 vs fp32').value).toContain('@16 n/a×');
  });

  it('counts long tasks as met only at zero', () => {
    const clean = results({ ui: ok(uiResult()) });
    expect(target(clean, 'main-thread long tasks during Play').met).toBe(true);
    expect(target(clean, 'main-thread long tasks while the page loads').met).toBe(true);
    const busy = results({ ui: ok(uiResult({ longTasks: 2, longTasksWhileGenerating: 1 })) });
    const missed = target(busy, 'main-thread long tasks while the page loads');
    expect(missed.met).toBe(false);
    expect(missed.value).toMatch(/^2 \(0 before generating, 1 while generating/);
    const noAgain = results({ ui: ok(uiResult({ again: null })) });
    expect(target(noAgain, 'main-thread long tasks while generating again').met).toBeNull();
  });

  it('judges the bytes per step on the export, else on the StepRecord JSON', () => {
    const small = results({ ui: ok(uiResult({ bytesPerStep: 4096 })) });
    expect(target(small, 'bytes kept per step').met).toBe(true);
    const large = results({ ui: ok(uiResult({ bytesPerStep: 4097 })) });
    expect(target(large, 'bytes kept per step').met).toBe(false);
    const recordsOnly = results({
      wasm: [ok(appRun({ decode: [step(16, 20, { recordBytes: 5000 })] }))],
    });
    const byRecords = target(recordsOnly, 'bytes kept per step');
    expect(byRecords.met).toBe(false);
    expect(byRecords.value).toContain('without the shared token views 5000 B');
  });

  it('lists the overhead per context of the app on 2 threads', () => {
    const r = results({
      ratios: { 'wasm2t max overhead %': 2 },
      wasm: [
        ok(
          appRun({ decode: [step(16, 20, { overheadPct: 2 }), step(128, 25, { overheadPct: 1 })] }),
        ),
      ],
    });
    const overhead = target(r, 'app overhead');
    expect(overhead.met).toBe(true);
    expect(overhead.value).toContain('max over contexts 2 % (@16 2 %, @128 1 %)');
  });

  it('judges the inspection pass at 128 tokens on WASM 2 threads against 1.5 s', () => {
    const pass = (totalMs: number, threads = 2) =>
      results({
        inspect: {
          node: ok(inspectRun({ runtime: 'node', figures: [inspectAt(128, 300)] })),
          wasm: ok(inspectRun({ threads, figures: [inspectAt(128, totalMs)] })),
        },
      });
    const name = 'inspection pass @128';
    expect(target(pass(1500), name).met).toBe(true);
    const missed = target(pass(1501), name);
    expect(missed.met).toBe(false);
    expect(missed.value).toMatch(
      /^1501 ms \(model 1350.9 ms, summary 150.1 ms; first pass 3002 ms/,
    );
    expect(missed.value).toContain('node 2t 300 ms');
    // One thread (the page not isolated) is not what the target is about.
    const oneThread = target(pass(1000, 1), name);
    expect(oneThread.met).toBeNull();
    expect(oneThread.value).toContain('(ran 1t)');
    expect(target(results(), name)).toMatchObject({ met: null, value: 'n/a' });
  });
});
