/** The stdout report: one row per contender, then ratios and targets. */
import type { DecodeFigure, EngineFigures } from '../../bench/protocol';
import type { BenchResults } from './results';

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
    num(Math.max(...f.decode.map((d) => d.overheadPct)), 2),
    num(f.naive.find((n) => n.context === 128)?.stepMs, 0),
    num(f.naive.find((n) => n.context === 512)?.stepMs, 0),
  ];
}

export function formatReport(r: BenchResults): string {
  const header = [
    'contender',
    'session',
    'pre16',
    'pre128',
    ...CONTEXTS.map((c) => `step@${c}`),
    'tok/s@128',
    '1000/16',
    'ovh%',
    'naive128',
    'naive512',
  ];
  const rows: string[][] = [];
  const errors: string[] = [];
  for (const w of r.wasm) {
    if (w.ok)
      rows.push(
        engineRow(
          `web wasm ${w.value.threadsAsked}t (used ${w.value.threadsUsed})`,
          w.value.sessionMs,
          w.value,
        ),
      );
    else errors.push(`web wasm: ${w.error}`);
  }
  for (const n of r.node) {
    if (n.ok) rows.push(engineRow(`node ${n.value.threads}t`, n.value.sessionMs, n.value));
    else errors.push(`node: ${n.error}`);
  }
  if (r.tjs.ok) {
    const t = r.tjs.value;
    const cells = [`transformers.js ${t.threadsUsed}t`, `${t.loadMs}`, '–', '–', num(t.perTokenMs)];
    rows.push([...cells, '–', '–', '–', num(t.tokensPerSec), '–', '–', '–', '–']);
  } else errors.push(`transformers.js: ${r.tjs.error}`);
  rows.push(['webgpu', r.webgpu.status, ...Array<string>(header.length - 2).fill('')]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const lines = [
    `Stepwise bench (${r.quick ? 'quick' : 'full'}), model ${r.model}, ${r.machine.date}`,
    `${r.machine.cpuModel}, ${r.machine.cores} cores, load ${r.machine.loadAverageStart.join(' ')} → ${r.machine.loadAverageEnd.join(' ')}, Chromium ${r.machine.chromium}, crossOriginIsolated ${r.page.crossOriginIsolated}`,
    'ms (median); step@N = whole Generation.next() after prefilling N−1 tokens; transformers.js: per-token ms at context ~17–21',
    '',
    pad(header, widths),
    ...rows.map((row) => pad(row, widths)),
  ];
  for (const [label, outcome] of [
    ['dev server', r.ui],
    ['production build', r.uiBuild],
  ] as const) {
    if (outcome.ok) {
      const u = outcome.value;
      lines.push(
        '',
        `UI (${label}) ${u.url}: ${u.steps} steps in ${u.generateMs} ms; long tasks ${u.longTasks} (before generating ${u.longTasksBeforeGenerating}, while generating ${u.longTasksWhileGenerating}, max ${Math.round(u.longTaskMaxMs)} ms); worst rAF gap ${u.worstFrameGapMs} ms while generating (${u.worstFrameGapWholePageMs} ms whole page); export ${u.exportBytes} B = ${u.bytesPerStep} B/step`,
      );
    } else errors.push(`UI (${label}): ${outcome.error}`);
  }
  lines.push('', 'ratios:');
  for (const [k, v] of Object.entries(r.ratios)) lines.push(`  ${k}: ${v ?? 'n/a'}`);
  lines.push('', 'targets:');
  for (const t of r.targets) {
    const mark = t.met === null ? 'SKIP' : t.met ? 'MET ' : 'MISS';
    lines.push(`  [${mark}] ${t.name} (${t.goal}): ${t.value}`);
  }
  if (errors.length > 0) lines.push('', 'errors:', ...errors.map((e) => `  ${e}`));
  return lines.join('\n');
}
