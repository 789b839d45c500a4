/** The shape of bench/results.json, and the ratios computed from one run (targets: targets.ts). */
import type {
  AppRunResult,
  DecodeFigure,
  ProbeResult,
  RuntimeBuild,
  TjsRunResult,
} from '../shared/protocol';
import type { MachineInfo } from './machine';
import type { NodeRunResult } from './node';
import { contenderName } from './plan';
import type { UiResult } from './ui';
import type { Visit } from './uiRevisit';
import type { UiTrace } from './uiTrace';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface BenchResults {
  quick: boolean;
  model: string;
  machine: MachineInfo;
  page: { url: string; crossOriginIsolated: boolean; probe: ProbeResult | null };
  webgpu: {
    status: string;
    result?: AppRunResult;
    /** With only a software adapter: tiny-gpt2 on it and on WASM 2t, a few steps each. */
    tiny?: { webgpu: Outcome<AppRunResult>; wasm: Outcome<AppRunResult> };
  };
  q8: string;
  wasm: Outcome<AppRunResult>[];
  node: Outcome<NodeRunResult>[];
  tjs: Outcome<TjsRunResult>;
  /** The app page from the production build (vite build + vite preview). */
  ui: Outcome<UiResult>;
  /** The same page not cross-origin isolated, so the worker's WASM runs one thread (full run). */
  uiOneThread: Outcome<UiResult>;
  /** A second, traced playback: where main-thread time goes, JS heap per step (full run). */
  uiTrace: Outcome<UiTrace>;
  /** The same page visited three times in one browser profile (full run). */
  uiRevisits: Outcome<Visit[]>;
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

type Decode = DecodeFigure[];
const at = (decode: Decode | undefined, context: number): DecodeFigure | undefined =>
  decode?.find((d) => d.context === context);

export const okValues = <T>(list: Outcome<T>[]): T[] =>
  list.flatMap((o) => (o.ok ? [o.value] : []));

const ratio = (a: number | undefined, b: number | undefined, digits = 2): number | null =>
  a === undefined || b === undefined || !Number.isFinite(a / b)
    ? null
    : Number((a / b).toFixed(digits));

export const findWasm = (
  r: BenchResults,
  threads: number,
  variant = 'slots',
  build: RuntimeBuild = 'plain',
) =>
  okValues(r.wasm).find(
    (w) => w.threadsAsked === threads && w.variant === variant && w.build === build,
  );
export const findNode = (
  r: BenchResults,
  threads: number,
  spinning = true,
  runtime = 'native',
  variant = 'slots',
) =>
  okValues(r.node).find(
    (n) =>
      n.threads === threads &&
      n.spinning === spinning &&
      n.runtime === runtime &&
      n.variant === variant,
  );
/** A node contender's name in the ratios' keys (`node2t q8-file`). */
export const nodeName = (n: NodeRunResult, compact = true): string =>
  contenderName({ ...n, runtime: n.runtime === 'wasm' ? 'node-wasm' : 'node' }, compact);

/** A Chromium contender's name in the ratios' keys (`wasm2t webgpu-build`). */
export const wasmName = (w: AppRunResult, compact = true): string =>
  contenderName({ ...w, runtime: 'wasm', threads: w.threadsAsked }, compact);

export function computeRatios(r: BenchResults): Record<string, number | null> {
  const q: Record<string, number | null> = {};
  const tps = (d: Decode | undefined, c: number) => at(d, c)?.tokensPerSec;
  for (const t of [1, 2]) {
    const w = findWasm(r, t)?.decode;
    const n = findNode(r, t)?.decode;
    if (w && n) q[`wasm${t}t/node${t}t tok/s @128`] = ratio(tps(w, 128), tps(n, 128));
  }
  const engines: [string, Decode][] = [
    ...okValues(r.wasm).map((w): [string, Decode] => [wasmName(w), w.decode]),
    ...okValues(r.node).map((n): [string, Decode] => [nodeName(n), n.decode]),
  ];
  for (const [name, decode] of engines) {
    q[`${name} step(1000)/step(16)`] = ratio(at(decode, 1000)?.totalMs, at(decode, 16)?.totalMs);
  }
  for (const [name, decode] of engines) {
    q[`${name} max overhead %`] = Math.max(...decode.map((d) => d.overheadPct));
  }
  // Idle threads that sleep: Node only (onnxruntime-web's global thread pool ignores the option).
  const [sleeping, spinning] = [findNode(r, 2, false), findNode(r, 2)];
  for (const c of [16, 128]) {
    if (sleeping && spinning)
      q[`node2t nospin/spinning tok/s @${c}`] = ratio(
        tps(sleeping.decode, c),
        tps(spinning.decode, c),
      );
  }
  for (const [name, run] of [
    ['wasm2t', findWasm(r, 2)],
    ['node2t', findNode(r, 2)],
  ] as const) {
    for (const naive of run?.naive ?? []) {
      q[`${name} naive/cached step @${naive.context}`] = ratio(
        naive.stepMs,
        at(run?.decode, naive.context)?.totalMs,
        1,
      );
    }
  }
  // 8-bit weights against float32 ones, both in the slots interface.
  for (const [name, fp32, q8] of [
    ['wasm2t', findWasm(r, 2), findWasm(r, 2, 'q8')],
    ['node2t', findNode(r, 2), findNode(r, 2, true, 'native', 'q8')],
  ] as const) {
    for (const c of [16, 128, 1000]) {
      q[`${name} q8-file/slots tok/s @${c}`] = ratio(tps(q8?.decode, c), tps(fp32?.decode, c));
    }
  }
  // The same engine on the Hub's file: what the slots interface gains.
  for (const [name, slots, hf] of [
    ['wasm2t', findWasm(r, 2), findWasm(r, 2, 'hf')],
    ['node2t', findNode(r, 2), findNode(r, 2, true, 'native', 'hf')],
  ] as const) {
    for (const c of [16, 128, 512, 1000]) {
      q[`${name} slots-file/hf-file tok/s @${c}`] = ratio(
        tps(slots?.decode, c),
        tps(hf?.decode, c),
      );
    }
    q[`${name} hf-file step(1000)/step(16)`] = ratio(
      at(hf?.decode, 1000)?.totalMs,
      at(hf?.decode, 16)?.totalMs,
    );
  }
  // The app's WASM build (plain) against the WebGPU build, same engine and file.
  const plain = findWasm(r, 2);
  const webgpuBuild = findWasm(r, 2, 'slots', 'webgpu');
  if (plain && webgpuBuild) {
    q['wasm2t webgpu-build/plain session ms'] = ratio(webgpuBuild.sessionMs, plain.sessionMs);
    q['wasm2t webgpu-build/plain first warm-up batch ms/step'] = ratio(
      webgpuBuild.warmup.firstMs,
      plain.warmup.firstMs,
    );
    for (const c of [16, 128, 512, 1000]) {
      q[`wasm2t plain/webgpu-build tok/s @${c}`] = ratio(
        tps(plain.decode, c),
        tps(webgpuBuild.decode, c),
      );
    }
  }
  const nodeWasm = findNode(r, 2, true, 'wasm')?.decode;
  for (const c of [16, 128]) {
    q[`wasm2t (Chromium) / node-wasm2t tok/s @${c}`] = ratio(
      tps(findWasm(r, 2)?.decode, c),
      tps(nodeWasm, c),
    );
    q[`node-wasm2t / node2t tok/s @${c}`] = ratio(tps(nodeWasm, c), tps(findNode(r, 2)?.decode, c));
  }
  const probe = r.page.probe?.jsProbeMs;
  q['plain JS time, Chromium worker / Node (same code)'] = ratio(probe, r.machine.jsProbeNodeMs);
  q['70 MiB of fresh arrays written, Chromium worker / Node (ms ratio)'] = ratio(
    r.page.probe?.freshMemoryProbeMs,
    r.machine.freshMemoryProbeNodeMs,
  );
  // q8 weights are other weights: their tokens may differ, so only float32 runs are compared.
  const fp32 = <T extends { variant: string }>(list: T[]) => list.filter((x) => x.variant !== 'q8');
  const greedy = [
    ...fp32(okValues(r.wasm)),
    ...fp32(okValues(r.node)),
    ...(r.tjs.ok ? [r.tjs.value] : []),
  ];
  const seqs = greedy.map((x) => x.greedy16.join(','));
  q['greedy tokens identical across float32 contenders (1 = yes)'] =
    seqs.length > 1 ? Number(seqs.every((s) => s === seqs[0])) : null;
  if (r.tjs.ok) {
    for (const t of r.tjs.value.decode) {
      q[`app wasm2t / transformers.js tok/s @${t.context}`] = ratio(
        tps(findWasm(r, 2)?.decode, t.context),
        t.tokensPerSec,
      );
    }
  }
  const tiny = r.webgpu.tiny;
  if (tiny?.webgpu.ok && tiny.wasm.ok) {
    q['tiny-gpt2 SwiftShader WebGPU step / WASM 2t step @16'] = ratio(
      at(tiny.webgpu.value.decode, 16)?.totalMs,
      at(tiny.wasm.value.decode, 16)?.totalMs,
      0,
    );
  }
  // Only the ratios this run could compute (a --quick or --only run leaves some contenders out).
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== null));
}
