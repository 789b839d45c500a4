/** The stdout report: one row per contender, then UI, ratios and targets. */
import type { AppRunResult, DecodeFigure, EngineFigures } from '../shared/protocol';
import { inspectBuildLines } from './inspectBuildReport';
import { speculativeLines } from './speculativeNode';
import { beamLines } from './beamBench';
import { llamaLines } from './llamaBench';
import { longContextLines } from './longContext';
import { inPageStepLines } from './uiStep';
import { nodeName, wasmName, type BenchResults, type Outcome } from './results';

const CONTEXTS = [16, 128, 512, 1000];

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

const num = (x: number | undefined, digits = 1): string =>
  x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);

function engineRow(name: string, sessionMs: number, f: EngineFigures): string[] {
  const at = (c: number): DecodeFigure | undefined => f.decode.find((d) => d.context === c);
  const s16 = at(16)?.totalMs;
  const s1000 = at(1000)?.totalMs;
  return [
    name,
    `${sessionMs}`,
    num(f.prefillMs['16'], 0),
    num(f.prefillMs['128'], 0),
    ...CONTEXTS.map((c) => num(at(c)?.totalMs)),
    num(at(128)?.tokensPerSec),
    s16 !== undefined && s1000 !== undefined ? num(s1000 / s16, 2) : '–',
    num(Math.max(...f.decode.map((d) => d.overheadPct)), 1),
    num(at(16)?.samplingMs, 2),
    num(f.naive.find((n) => n.context === 128)?.stepMs, 0),
    num(f.naive.find((n) => n.context === 512)?.stepMs, 0),
    `${Math.round(f.warmup.ms / 1000)}s ${num(f.warmup.firstMs, 0)}→${num(f.warmup.settledMs, 0)}`,
  ];
}

const HEADER = [
  'contender',
  'session',
  'pre16',
  'pre128',
  ...CONTEXTS.map((c) => `step@${c}`),
  'tok/s@128',
  '1000/16',
  'ovh%',
  'decide@16',
  'naive128',
  'naive512',
  'warm-up',
];

function appName(a: AppRunResult): string {
  const base = wasmName(a, false);
  const name =
    a.backend === 'webgpu'
      ? `webgpu ${a.model}${a.variant === 'slots' ? '' : ` ${a.variant}-file`}`
      : `${base}${a.model === 'gpt2-shaped' ? '' : ` ${a.model}`}`;
  // WebGPU sessions run no WASM threads (threadsUsed 0): only WASM can run fewer than asked.
  return a.backend === 'webgpu' || a.threadsUsed === a.threadsAsked
    ? name
    : `${name} (ran ${a.threadsUsed}t)`;
}

function engineRows(r: BenchResults, errors: string[]): string[][] {
  const rows: string[][] = [];
  type Labelled = [string, Outcome<AppRunResult>];
  const apps: Labelled[] = r.wasm.map((w): Labelled => ['web wasm', w]);
  if (r.webgpu.result) apps.push(['webgpu', { ok: true, value: r.webgpu.result }]);
  const tiny = r.webgpu.tiny;
  if (tiny) apps.push(['webgpu tiny', tiny.webgpu], ['wasm tiny', tiny.wasm]);
  for (const [what, outcome] of apps) {
    if (outcome.ok)
      rows.push(engineRow(appName(outcome.value), outcome.value.sessionMs, outcome.value));
    else errors.push(`${what}: ${outcome.error}`);
  }
  for (const n of r.node) {
    if (n.ok) rows.push(engineRow(nodeName(n.value, false), n.value.sessionMs, n.value));
    else errors.push(`node: ${n.error}`);
  }
  if (r.tjs.ok) {
    const t = r.tjs.value;
    const step = (c: number): string => num(t.decode.find((d) => d.context === c)?.perTokenMs);
    const tps128 = t.decode.find((d) => d.context === 128)?.tokensPerSec;
    rows.push([
      `transformers.js ${t.threadsUsed}t`,
      `${t.loadMs}`,
      '–',
      '–',
      ...CONTEXTS.map(step),
      num(tps128),
      ...Array<string>(5).fill('–'),
      `${Math.round(t.warmup.ms / 1000)}s ${num(t.warmup.firstMs, 0)}→${num(t.warmup.settledMs, 0)}`,
    ]);
  } else if (r.tjs.error !== 'not run') errors.push(`transformers.js: ${r.tjs.error}`);
  return rows;
}

function uiLines(r: BenchResults, errors: string[]): string[] {
  const lines: string[] = [];
  for (const [label, outcome] of [
    ['production build', r.ui],
    ['production build, not isolated: 1 WASM thread', r.uiOneThread],
  ] as const) {
    if (outcome.ok) {
      const u = outcome.value;
      const stopped = u.stopReason === 'context_limit' ? ' (stopped at the context limit)' : '';
      lines.push(
        `UI (${label}) ${u.url}: ${u.steps} steps${stopped} in ${u.generateMs} ms; long tasks ${u.longTasks} (before generating ${u.longTasksBeforeGenerating}, while generating ${u.longTasksWhileGenerating}, max ${Math.round(u.longTaskMaxMs)} ms); worst rAF gap ${u.worstFrameGapMs} ms while generating (${u.worstFrameGapWholePageMs} ms whole page); export ${u.exportBytes} B = ${u.bytesPerStep} B/step`,
      );
      const p = u.playback;
      if (p) {
        lines.push(
          `  Play through an imported ${p.steps}-step run at ${p.speed} steps/s: ${p.playMs} ms; long tasks ${p.longTasks} (max ${p.longTaskMaxMs} ms); worst rAF gap ${p.worstFrameGapMs} ms`,
        );
      }
      const a = u.again;
      if (a) {
        lines.push(
          `  Generate again in that page (runtime compiled): ${a.steps} steps in ${a.generateMs} ms; long tasks ${a.longTasks} (max ${a.longTaskMaxMs} ms); worst rAF gap ${a.worstFrameGapMs} ms`,
        );
      }
    } else if (outcome.error !== 'not run') errors.push(`UI (${label}): ${outcome.error}`);
  }
  if (r.uiTrace.ok) {
    const t = r.uiTrace.value;
    const g = t.heapAgain;
    const again = g
      ? `then a 10-step run and a full one, each on screen: ${g.usedBytes[0]} → ${g.usedBytes[1]} B over steps ${g.steps[0]} → ${g.steps[1]} = ${g.bytesPerStep} B/step`
      : `later runs not measured (${t.heapAgainError ?? 'failed'})`;
    const list = (rows: [string, number, number][]): string =>
      rows.map(([k, ms, n]) => `${k} ${ms} ms ×${n}`).join('; ');
    lines.push(
      `UI trace (second playback, traced): main thread busy ${t.busyMs} of ${t.wallMs} ms; ${t.domNodes} DOM elements at the end`,
      `  events (inclusive): ${list(t.events)}`,
      `  layouts: ${list(t.layouts)}`,
      `  main-thread JS heap (after forced GC; the worker's not included): first run ${t.heap.usedBytes[0]} → ${t.heap.usedBytes[1]} B over steps ${t.heap.steps[0]} → ${t.heap.steps[1]} = ${t.heap.bytesPerStep} B/step with the page's start-up; ${again}`,
    );
  } else if (r.uiTrace.error !== 'not run') errors.push(`UI trace: ${r.uiTrace.error}`);
  if (r.uiRevisits.ok) {
    const visits = r.uiRevisits.value.map(
      (v, i) =>
        `visit ${i + 1}: load ${v.loadMs} ms, generating ${v.generateMs} ms, long tasks ${v.longTasks} (max ${v.longTaskMaxMs} ms)`,
    );
    lines.push(`UI, one browser profile, production build: ${visits.join('; ')}`);
  } else if (r.uiRevisits.error !== 'not run') errors.push(`UI revisits: ${r.uiRevisits.error}`);
  return lines;
}

export function formatReport(r: BenchResults): string {
  const errors: string[] = [];
  const rows = engineRows(r, errors);
  const widths = HEADER.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const m = r.machine;
  const lines = [
    `Stepwise bench (${r.quick ? 'quick' : 'full'}), model ${r.model}, ${m.date}`,
    `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, load ${m.loadAverageStart.join(' ')} → ${m.loadAverageEnd.join(' ')}, Chromium ${m.chromium}, crossOriginIsolated ${r.page.crossOriginIsolated}`,
    'ms, medians. step@N: one whole Generation.next() (model + sampling + record) after prefilling N−1 tokens (rounds × steps);',
    'ovh% = max over N of Σ(total − session.run)/Σ total; nospin = session.intra_op.allow_spinning 0 (Node only; not the app set-up);',
    'decide@16: the app sampling code alone (decide + 20 token views) on step logits, same runtime;',
    'warm-up: settling before timing (s, ms/step first → last batch at ctx ~16); see bench/shared/settle.ts;',
    'transformers.js: median gap between streamed tokens after a prompt of N−1 tokens; naive = whole sequence, no cache.',
    `1-min load when each part started: ${Object.entries(m.loadAtStart)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
    pad(HEADER, widths),
    ...rows.map((row) => pad(row, widths)),
    '',
    `webgpu: ${r.webgpu.status}`,
    `probes (same code, Chromium worker vs Node): plain JS ${r.page.probe?.jsProbeMs ?? '?'} vs ${m.jsProbeNodeMs} ms; 24 fresh 3 MiB arrays written (one step's present.* at ctx 1000) ${r.page.probe?.freshMemoryProbeMs ?? '?'} vs ${m.freshMemoryProbeNodeMs} ms`,
    `q8: ${r.q8}`,
    ...uiLines(r, errors),
    ...inspectBuildLines(r, errors),
    ...speculativeLines(r.speculative, errors),
    ...beamLines(r.beam, errors),
    ...llamaLines(r.llama, errors),
    ...longContextLines(r.longContext, errors),
    ...inPageStepLines(r.uiStep, r.wasm, errors),
    '',
    'ratios:',
    ...Object.entries(r.ratios).map(([k, v]) => `  ${k}: ${v ?? 'n/a'}`),
    '',
    'targets:',
    ...r.targets.map(
      (t) =>
        `  [${t.met === null ? 'SKIP' : t.met ? 'MET ' : 'MISS'}] ${t.name} (${t.goal}): ${t.value}`,
    ),
  ];
  if (errors.length > 0) lines.push('', 'errors:', ...errors.map((e) => `  ${e}`));
  return lines.join('\n');
}
