import { describe, expect, it } from 'vitest';
import { buildLine, inspectBuildLines, inspectLine } from './inspectBuildReport';
import { buildRun, inspectRun, ok, results } from './resultFixtures';

describe('inspectLine', () => {
  it('gives the session and, per context, the median with its split', () => {
    expect(inspectLine(inspectRun())).toBe(
      '  wasm 2t: fetch 400 ms, session 6000 ms; ' +
        '@128 1000 ms (model 900 ms, summary 100 ms; first 2000 ms; 3 runs 1000/1000/1000; run not fetching logits 700 ms); ' +
        '@512 5000 ms (model 4500 ms, summary 500 ms; first 10000 ms; 3 runs 5000/5000/5000; run not fetching logits 3500 ms)',
    );
    const split = { linearMs: 500, logitsMs: 200, lensMs: 50, attentionMs: 30, otherMs: 20 };
    const profiled = inspectLine(inspectRun({ profile: [{ context: 128, runMs: 800, ...split }] }));
    expect(profiled.split('\n')[1]).toBe(
      '    profiled run @128 800 ms: block linears 500 ms, logits at every position 200 ms, lens 50 ms, attention 30 ms, rest 20 ms',
    );
    // Node reads the file from disk: no fetch.
    expect(inspectLine(inspectRun({ runtime: 'node', fetchMs: 0 }))).toMatch(
      /^ {2}node 2t: session 6000 ms;/,
    );
  });
});

describe('buildLine', () => {
  it('gives each file, the total and the peak memory over the baseline', () => {
    const line = buildLine(buildRun());
    expect(line).toContain('node (child process): load 700 ms (not in the total), parse 400 ms;');
    expect(line).toContain('onnx/model_slots_quantized.onnx 3700 ms (128 MB)');
    expect(line).toContain('total 7100 ms; peak 1536 MiB (baseline 128 MiB; maxRSS)');
  });

  it('says so where the memory was not read, and what the worker offers', () => {
    const line = buildLine(
      buildRun({
        runtime: 'wasm',
        memory: { baselineBytes: null, peakBytes: null, how: 'no renderer process found' },
        workerMemoryApis: 'no performance.memory',
      }),
    );
    expect(line).toMatch(/^ {2}chromium \(bench worker\):/);
    expect(line).toContain(
      'peak n/a (baseline n/a; no renderer process found); worker: no performance.memory',
    );
  });
});

describe('inspectBuildLines', () => {
  it('is empty when neither part ran', () => {
    const errors: string[] = [];
    expect(inspectBuildLines(results(), errors)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('heads each part that ran, and lists the failures as errors', () => {
    const errors: string[] = [];
    const lines = inspectBuildLines(
      results({
        inspect: { node: ok(inspectRun({ runtime: 'node' })), wasm: { ok: false, error: 'boom' } },
        build: { node: ok(buildRun()), wasm: ok(buildRun({ runtime: 'wasm' })) },
      }),
      errors,
    );
    expect(lines[0]).toMatch(/^inspection pass/);
    expect(lines[1]).toMatch(/^ {2}node 2t/);
    expect(lines[2]).toBe(
      'browser build from model.safetensors (498 MB): parse + each of BUILT_FILES, ms:',
    );
    expect(lines.length).toBe(5);
    expect(errors).toEqual(['inspect wasm: boom']);
  });
});
