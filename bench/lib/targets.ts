/**
 * The issue's targets, each judged from one run's figures (results.ts): met, missed, or not
 * measured in this run (a --quick or --only run leaves some out).
 */
import { findWasm, type BenchResults, type Target } from './results';

const fmt = (x: number | null | undefined, suffix = ''): string =>
  x === null || x === undefined ? 'n/a' : `${x}${suffix}`;
const atLeast = (x: number | null | undefined, goal: number): boolean | null =>
  x === null || x === undefined ? null : x >= goal;
const atMost = (x: number | null | undefined, goal: number): boolean | null =>
  x === null || x === undefined ? null : x <= goal;

/** The inspection pass at 128 tokens on WASM 2 threads (the page's), against 1.5 s. */
function inspectTarget(r: BenchResults): Target {
  const wasm = r.inspect.wasm.ok ? r.inspect.wasm.value : null;
  const at128 = wasm?.figures.find((f) => f.context === 128) ?? null;
  const node = r.inspect.node.ok ? r.inspect.node.value : null;
  const node128 = node?.figures.find((f) => f.context === 128);
  const threads = wasm && wasm.threads !== 2 ? ` (ran ${wasm.threads}t)` : '';
  return {
    name: 'inspection pass @128, WASM 2t (runInspection: model run + summary)',
    goal: '≤ 1500 ms',
    value: at128
      ? `${at128.totalMs} ms${threads} (model ${at128.modelMs} ms, summary ${at128.summaryMs} ms; first pass ${at128.firstMs} ms; session ${wasm?.sessionMs} ms on a model's first inspect); ${fmt(r.ratios['wasm2t inspect@128/prefill128'], '×')} the 128-token prefill on WASM 2t in this run; node 2t ${fmt(node128?.totalMs, ' ms')}`
      : 'n/a',
    met: wasm && wasm.threads === 2 ? atMost(at128?.totalMs, 1500) : null,
  };
}

export function computeTargets(r: BenchResults): Target[] {
  const q = r.ratios;
  const ui = r.ui.ok ? r.ui.value : null;
  const play = ui?.playback ?? null;
  const wasm2 = findWasm(r, 2);
  const recordBytes = wasm2 ? Math.max(...wasm2.decode.map((d) => d.recordBytes)) : null;
  const trace = r.uiTrace.ok ? r.uiTrace.value : null;
  /** The heap a later step keeps, its views on screen included (not measured: export only). */
  const heapPerStep = trace?.heapAgain?.bytesPerStep ?? null;
  const heap = trace
    ? `, main-thread JS heap ${fmt(heapPerStep, ' B')} (a later run, shown on screen; the first run, with the page's start-up, ${trace.heap.bytesPerStep} B)`
    : '';
  const again = ui?.again ?? null;
  const tjs = q['app wasm2t / transformers.js tok/s @16'];
  return [
    {
      name: 'WASM decode vs node @128 (app set-up, 2 threads)',
      goal: '≥ 0.8× node tok/s',
      value: `2t ${fmt(q['wasm2t/node2t tok/s @128'])}×, 1t ${fmt(q['wasm1t/node1t tok/s @128'])}×`,
      met: atLeast(q['wasm2t/node2t tok/s @128'], 0.8),
    },
    {
      name: 'step(1000) vs step(16), WASM 2t',
      goal: '≤ 1.5×',
      value: `${fmt(q['wasm2t step(1000)/step(16)'])}× (node 2t ${fmt(q['node2t step(1000)/step(16)'])}×)`,
      met: atMost(q['wasm2t step(1000)/step(16)'], 1.5),
    },
    {
      name: 'q8 vs fp32 (slots files, WASM 2t, tok/s)',
      goal: '≥ 2×',
      value: `@16 ${fmt(q['wasm2t q8-file/slots tok/s @16'])}×, @128 ${fmt(q['wasm2t q8-file/slots tok/s @128'])}× (node 2t @16 ${fmt(q['node2t q8-file/slots tok/s @16'])}×); ${r.q8}`,
      met: atLeast(q['wasm2t q8-file/slots tok/s @16'], 2),
    },
    {
      name: 'app vs transformers.js (WASM 2t, tok/s)',
      goal: '≥ 1.2×',
      value: `@16 ${fmt(tjs)}×, @128 ${fmt(q['app wasm2t / transformers.js tok/s @128'])}×`,
      met: atLeast(tjs, 1.2),
    },
    {
      name: 'app overhead (Σtotal−Σmodel)/Σtotal per step, WASM 2t',
      goal: '≤ 3 %',
      value: `max over contexts ${fmt(q['wasm2t max overhead %'], ' %')} (${wasm2?.decode.map((d) => `@${d.context} ${d.overheadPct} %`).join(', ') ?? 'n/a'}); @16 per step: ${fmt(wasm2?.decode[0]?.beforeRunMs, ' ms')} before session.run, ${fmt(wasm2?.decode[0]?.afterRunMs, ' ms')} after it, of which sampling alone ${fmt(wasm2?.decode[0]?.samplingMs, ' ms')}`,
      met: atMost(q['wasm2t max overhead %'], 3),
    },
    {
      name: 'main-thread long tasks during Play (500 steps at 20/s, production build)',
      goal: '0',
      value: play
        ? `${play.longTasks} (max ${play.longTaskMaxMs} ms, worst frame gap ${play.worstFrameGapMs} ms)`
        : 'n/a',
      met: play ? play.longTasks === 0 : null,
    },
    {
      name: 'main-thread long tasks while the page loads and generates (autoplay)',
      goal: '0',
      value: ui
        ? `${ui.longTasks} (${ui.longTasksBeforeGenerating} before generating, ${ui.longTasksWhileGenerating} while generating, max ${Math.round(ui.longTaskMaxMs)} ms, worst frame gap while generating ${ui.worstFrameGapMs} ms)`
        : 'n/a',
      met: ui ? ui.longTasks === 0 : null,
    },
    {
      name: 'main-thread long tasks while generating again in that page (runtime compiled)',
      goal: '0',
      value: again
        ? `${again.longTasks} (max ${again.longTaskMaxMs} ms, worst frame gap ${again.worstFrameGapMs} ms; ${again.steps} steps in ${again.generateMs} ms)`
        : 'n/a',
      met: again ? again.longTasks === 0 : null,
    },
    {
      name: 'bytes kept per step',
      goal: '≤ 4096 B',
      value: `export ${fmt(ui?.bytesPerStep, ' B')}, StepRecord JSON without the shared token views ${fmt(recordBytes, ' B')}${heap}`,
      met: ui
        ? ui.bytesPerStep <= 4096 && (heapPerStep === null || heapPerStep <= 4096)
        : atMost(recordBytes, 4096),
    },
    inspectTarget(r),
  ];
}
