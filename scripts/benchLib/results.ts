/** The shape of bench/results.json, and the ratios and targets computed from one run. */
import type { AppRunResult, DecodeFigure, ProbeResult, TjsRunResult } from '../../bench/protocol';
import type { MachineInfo } from './machine';
import type { NodeRunResult } from './node';
import type { UiResult } from './ui';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface BenchResults {
  quick: boolean;
  model: string;
  machine: MachineInfo;
  page: { url: string; crossOriginIsolated: boolean; probe: ProbeResult | null };
  webgpu: { status: string; result?: AppRunResult };
  q8: string;
  wasm: Outcome<AppRunResult>[];
  node: Outcome<NodeRunResult>[];
  tjs: Outcome<TjsRunResult>;
  /** The app page on the dev server (React development mode). */
  ui: Outcome<UiResult>;
  /** The app page from the production build (full run only). */
  uiBuild: Outcome<UiResult>;
  ratios: Record<string, number | null>;
  targets: Target[];
  elapsedS: number;
}

export interface Target {
  name: string;
  goal: string;
  value: string;
  met: boolean | null;
}

const stepAt = (decode: DecodeFigure[], context: number): DecodeFigure | undefined =>
  decode.find((d) => d.context === context);

const okValues = <T>(list: Outcome<T>[]): T[] => list.flatMap((o) => (o.ok ? [o.value] : []));

const ratio = (a: number | undefined, b: number | undefined, digits = 2): number | null =>
  a === undefined || b === undefined || !Number.isFinite(a / b)
    ? null
    : Number((a / b).toFixed(digits));

export function computeRatios(r: BenchResults): Record<string, number | null> {
  const ratios: Record<string, number | null> = {};
  const wasm = okValues(r.wasm);
  const node = okValues(r.node);
  for (const w of wasm) {
    const n = node.find((x) => x.threads === w.threadsAsked);
    ratios[`wasm${w.threadsAsked}t/node${w.threadsAsked}t tok/s @128`] = ratio(
      stepAt(w.decode, 128)?.tokensPerSec,
      n && stepAt(n.decode, 128)?.tokensPerSec,
    );
  }
  const wasm2 = wasm.find((w) => w.threadsAsked === 2);
  const node2 = node.find((n) => n.threads === 2);
  const contenders: [string, DecodeFigure[]][] = [
    ...wasm.map((w): [string, DecodeFigure[]] => [`wasm${w.threadsAsked}t`, w.decode]),
    ...node.map((n): [string, DecodeFigure[]] => [`node${n.threads}t`, n.decode]),
  ];
  for (const [name, decode] of contenders) {
    ratios[`${name} step(1000)/step(16)`] = ratio(
      stepAt(decode, 1000)?.totalMs,
      stepAt(decode, 16)?.totalMs,
    );
  }
  if (wasm2) {
    ratios['wasm2t overhead % @128'] = stepAt(wasm2.decode, 128)?.overheadPct ?? null;
    ratios['wasm2t max overhead %'] = Math.max(...wasm2.decode.map((d) => d.overheadPct));
    const naive = wasm2.naive.find((x) => x.context === 128);
    ratios['wasm2t naive/cached step @128'] = ratio(
      naive?.stepMs,
      stepAt(wasm2.decode, 128)?.totalMs,
      1,
    );
  }
  if (node2) {
    const naive = node2.naive.find((x) => x.context === 128);
    ratios['node2t naive/cached step @128'] = ratio(
      naive?.stepMs,
      stepAt(node2.decode, 128)?.totalMs,
      1,
    );
  }
  const greedy = [...wasm, ...node, ...(r.tjs.ok ? [r.tjs.value] : [])].map((x) =>
    x.greedy16.join(','),
  );
  ratios['greedy tokens identical across contenders (1 = yes)'] =
    greedy.length > 1 ? Number(greedy.every((g) => g === greedy[0])) : null;
  if (r.tjs.ok && wasm2) {
    ratios['app wasm2t speed / transformers.js @~16'] = ratio(
      r.tjs.value.perTokenMs,
      stepAt(wasm2.decode, 16)?.totalMs,
    );
  }
  return ratios;
}

const fmt = (x: number | null | undefined, suffix = ''): string =>
  x === null || x === undefined ? 'n/a' : `${x}${suffix}`;

export function computeTargets(r: BenchResults): Target[] {
  const q = r.ratios;
  const atLeast = (x: number | null | undefined, goal: number): boolean | null =>
    x === null || x === undefined ? null : x >= goal;
  const atMost = (x: number | null | undefined, goal: number): boolean | null =>
    x === null || x === undefined ? null : x <= goal;
  const stepRatio = q['wasm2t step(1000)/step(16)'];
  const uiDev = r.ui.ok ? r.ui.value : null;
  // Judged on the production build (what users get) when it ran, else on the dev server.
  const ui = r.uiBuild.ok ? r.uiBuild.value : uiDev;
  const where = r.uiBuild.ok ? 'build' : 'dev server';
  const devNote =
    r.uiBuild.ok && uiDev
      ? `; dev server ${uiDev.longTasks}, max ${Math.round(uiDev.longTaskMaxMs)} ms`
      : '';
  const wasm2 = okValues(r.wasm).find((w) => w.threadsAsked === 2);
  const recordBytes = wasm2 ? Math.max(...wasm2.decode.map((d) => d.recordBytes)) : null;
  return [
    {
      name: 'WASM decode vs node @128',
      goal: '≥ 0.8× node tok/s',
      value: `2t ${fmt(q['wasm2t/node2t tok/s @128'])}×, 1t ${fmt(q['wasm1t/node1t tok/s @128'])}×`,
      met: atLeast(q['wasm2t/node2t tok/s @128'], 0.8),
    },
    {
      name: 'step(1000) vs step(16), WASM 2t',
      goal: '≤ 1.5×',
      value: `${fmt(stepRatio)}×`,
      met: atMost(stepRatio, 1.5),
    },
    { name: 'q8 vs fp32', goal: '≥ 2×', value: r.q8, met: null },
    {
      name: 'app vs transformers.js (2t)',
      goal: '≥ 1.2× faster',
      value: `${fmt(q['app wasm2t speed / transformers.js @~16'])}×`,
      met: atLeast(q['app wasm2t speed / transformers.js @~16'], 1.2),
    },
    {
      name: 'app overhead (total−model)/total, WASM 2t',
      goal: '≤ 3 %',
      value: `max ${fmt(q['wasm2t max overhead %'], ' %')} (@128 ${fmt(q['wasm2t overhead % @128'], ' %')})`,
      met: atMost(q['wasm2t max overhead %'], 3),
    },
    {
      name: 'main-thread long tasks (app page)',
      goal: '0',
      value: ui
        ? `${where}: ${ui.longTasks} (${ui.longTasksWhileGenerating} while generating, max ${Math.round(ui.longTaskMaxMs)} ms, worst frame gap ${ui.worstFrameGapMs} ms)${devNote}`
        : 'n/a',
      met: ui ? ui.longTasks === 0 : null,
    },
    {
      name: 'bytes kept per step',
      goal: '≤ 4096 B',
      value: `export ${fmt(ui?.bytesPerStep, ' B')}, StepRecord JSON ${fmt(recordBytes, ' B')}`,
      met: ui ? ui.bytesPerStep <= 4096 : atMost(recordBytes, 4096),
    },
  ];
}
