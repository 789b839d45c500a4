import { describe, expect, it } from 'vitest';
import {
  appRun,
  buildRun,
  inspectRun,
  naive,
  nodeRun,
  ok,
  results,
  step,
  tjsRun,
  uiResult,
} from './resultFixtures';
import { formatReport } from './table';

/** The report's table: from its header line to the blank line after it. */
function tableLines(report: string): string[] {
  const lines = report.split('\n');
  const start = lines.findIndex((line) => line.startsWith('contender'));
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

const row = (lines: string[], name: string): string[] => {
  const line = lines.find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no row ${name}`);
  return line.trim().split(/\s{2,}/);
};

describe('formatReport', () => {
  const run = results({
    wasm: [
      ok(appRun()),
      ok(appRun({ threadsAsked: 1, threadsUsed: 1, variant: 'q8' })),
      ok(appRun({ build: 'webgpu', threadsUsed: 1 })),
      { ok: false, error: 'wasm 2t hf-file: session failed' },
    ],
    node: [ok(nodeRun({ spinning: false, naive: [naive(128, 250)] }))],
    tjs: ok(tjsRun()),
    ratios: { 'wasm2t/node2t tok/s @128': 0.8 },
    targets: [
      { name: 'met one', goal: '≤ 1', value: '0.5', met: true },
      { name: 'missed one', goal: '≤ 1', value: '2', met: false },
      { name: 'unmeasured one', goal: '≤ 1', value: 'n/a', met: null },
    ],
  });
  const report = formatReport(run);

  it('aligns every row of the table to the header', () => {
    const lines = tableLines(report);
    // The header, three Chromium contenders (the fourth failed), Node, transformers.js.
    expect(lines.length).toBe(6);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('writes one row per contender, named by what differs from the app', () => {
    const lines = tableLines(report);
    // contender, session, pre16, pre128, step@16 … step@1000, tok/s@128, 1000/16, ovh%, decide@16,
    // naive128, naive512, warm-up
    expect(row(lines, 'wasm 2t')).toEqual([
      'wasm 2t',
      '9000',
      '40',
      '200',
      '20.0',
      '25.0',
      '–',
      '30.0',
      '40.0',
      '1.50',
      '1.0',
      '0.05',
      '–',
      '–',
      '12s 40→21',
    ]);
    expect(row(lines, 'wasm 1t q8-file')[0]).toBe('wasm 1t q8-file');
    expect(row(lines, 'wasm 2t webgpu-build (ran 1t)')[0]).toBe('wasm 2t webgpu-build (ran 1t)');
    expect(row(lines, 'node 2t nospin')[12]).toBe('250');
    expect(row(lines, 'transformers.js 2t').slice(0, 5)).toEqual([
      'transformers.js 2t',
      '7000',
      '–',
      '–',
      '40.0',
    ]);
  });

  it('marks each target MET, MISS or SKIP', () => {
    expect(report).toContain('  [MET ] met one (≤ 1): 0.5');
    expect(report).toContain('  [MISS] missed one (≤ 1): 2');
    expect(report).toContain('  [SKIP] unmeasured one (≤ 1): n/a');
  });

  it('lists the ratios and the parts that failed, not those left out of the run', () => {
    expect(report).toContain('ratios:\n  wasm2t/node2t tok/s @128: 0.8');
    const errors = report.slice(report.indexOf('errors:'));
    expect(errors).toBe('errors:\n  web wasm: wasm 2t hf-file: session failed');
  });

  it('reports the app page when it ran', () => {
    const withUi = formatReport(results({ ui: ok(uiResult()) }));
    expect(withUi).toContain(
      'UI (production build) /?model=tiny-gpt2&ep=wasm&steps=500&autoplay=1: 250 steps (stopped at the context limit) in 9000 ms; long tasks 0',
    );
    expect(withUi).toContain('  Play through an imported 500-step run at 20 steps/s: 25000 ms');
    expect(withUi).not.toContain('errors:');
  });

  it('reports the inspection pass and the build after the UI, with the decode table kept', () => {
    const both = formatReport(
      results({
        wasm: [ok(appRun())],
        inspect: { node: ok(inspectRun({ runtime: 'node' })), wasm: ok(inspectRun()) },
        build: { node: ok(buildRun()), wasm: { ok: false, error: 'build in Chromium: crashed' } },
      }),
    );
    expect(tableLines(both).length).toBe(2);
    const lines = both.split('\n');
    const at = lines.findIndex((l) => l.startsWith('inspection pass'));
    expect(lines.slice(at + 1, at + 3).map((l) => l.slice(0, 10))).toEqual([
      '  wasm 2t:',
      '  node 2t:',
    ]);
    expect(lines[at + 3]).toMatch(/^browser build from model.safetensors/);
    expect(lines[at + 4]).toMatch(/^ {2}node \(child process\)/);
    expect(both).toContain('errors:\n  build wasm: build in Chromium: crashed');
  });

  it('heads the report with the run kind, the model and the machine', () => {
    const [title, machine] = report.split('\n');
    expect(title).toBe('Stepwise bench (quick), model gpt2-shaped, 2025-01-01T00:00:00.000Z');
    expect(machine).toMatch(
      /^Test CPU, 2 cores, 8 GiB, Node v20.0.0, load 0.5 0.4 0.3 → 1 0.8 0.6/,
    );
  });
});

describe('formatReport without step figures', () => {
  it('writes a dash where a figure is missing', () => {
    const lines = tableLines(
      formatReport(results({ wasm: [ok(appRun({ decode: [step(16, 20)] }))] })),
    );
    const cells = row(lines, 'wasm 2t');
    expect(cells[5]).toBe('–');
    expect(cells[9]).toBe('–');
  });
});
