/**
 * The ratios one run's figures support (bench/results.json's `ratios`): engine against engine,
 * file against file, build against build; the targets (targets.ts) are read from them.
 */
import type { DecodeFigure } from '../shared/protocol';
import { findNode, findWasm, nodeName, okValues, wasmName, type BenchResults } from './results';

type Decode = DecodeFigure[];
const at = (decode: Decode | undefined, context: number): DecodeFigure | undefined =>
  decode?.find((d) => d.context === context);

/** a / b to `digits` decimals; null when either is missing or the ratio is not finite. */
export const ratio = (a: number | undefined, b: number | undefined, digits = 2): number | null =>
  a === undefined || b === undefined || !Number.isFinite(a / b)
    ? null
    : Number((a / b).toFixed(digits));

type Ratios = Record<string, number | null>;
const tps = (d: Decode | undefined, c: number): number | undefined => at(d, c)?.tokensPerSec;

/** Every contender's decode figures, by its name in the ratios' keys. */
function engines(r: BenchResults): [string, Decode][] {
  return [
    ...okValues(r.wasm).map((w): [string, Decode] => [wasmName(w), w.decode]),
    ...okValues(r.node).map((n): [string, Decode] => [nodeName(n), n.decode]),
  ];
}

/** The app's engine in Chromium against onnxruntime-node, same threads, tok/s at 128. */
function browserVsNative(r: BenchResults, q: Ratios): void {
  for (const t of [1, 2]) {
    const w = findWasm(r, t)?.decode;
    const n = findNode(r, t)?.decode;
    if (w && n) q[`wasm${t}t/node${t}t tok/s @128`] = ratio(tps(w, 128), tps(n, 128));
  }
}

/** How a step grows with the context, and the largest share of a step outside the model. */
function perEngine(r: BenchResults, q: Ratios): void {
  for (const [name, decode] of engines(r)) {
    q[`${name} step(1000)/step(16)`] = ratio(at(decode, 1000)?.totalMs, at(decode, 16)?.totalMs);
  }
  for (const [name, decode] of engines(r)) {
    q[`${name} max overhead %`] = Math.max(...decode.map((d) => d.overheadPct));
  }
}

/** Idle threads that sleep: Node only (onnxruntime-web's global thread pool ignores the option). */
function sleepingThreads(r: BenchResults, q: Ratios): void {
  const [sleeping, spinning] = [findNode(r, 2, false), findNode(r, 2)];
  if (!sleeping || !spinning) return;
  for (const c of [16, 128]) {
    q[`node2t nospin/spinning tok/s @${c}`] = ratio(
      tps(sleeping.decode, c),
      tps(spinning.decode, c),
    );
  }
}

/** The naive loop (the whole sequence every step) against the cached step, same context. */
function naiveVsCached(r: BenchResults, q: Ratios): void {
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
}

/** 8-bit weights against float32 ones, both in the slots interface. */
function q8VsFloat(r: BenchResults, q: Ratios): void {
  for (const [name, fp32, q8] of [
    ['wasm2t', findWasm(r, 2), findWasm(r, 2, 'q8')],
    ['node2t', findNode(r, 2), findNode(r, 2, true, 'native', 'q8')],
  ] as const) {
    for (const c of [16, 128, 1000]) {
      q[`${name} q8-file/slots tok/s @${c}`] = ratio(tps(q8?.decode, c), tps(fp32?.decode, c));
    }
  }
}

/** The same engine on the Hub's file: what the slots interface gains. */
function slotsVsHub(r: BenchResults, q: Ratios): void {
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
}

/** The app's WASM build (plain) against the WebGPU build, same engine and file. */
function plainVsWebgpuBuild(r: BenchResults, q: Ratios): void {
  const plain = findWasm(r, 2);
  const webgpuBuild = findWasm(r, 2, 'slots', 'webgpu');
  if (!plain || !webgpuBuild) return;
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

/** Chromium's WASM against the same WASM in Node, and that against native; the JS probes. */
function browserVsNode(r: BenchResults, q: Ratios): void {
  const nodeWasm = findNode(r, 2, true, 'wasm')?.decode;
  for (const c of [16, 128]) {
    q[`wasm2t (Chromium) / node-wasm2t tok/s @${c}`] = ratio(
      tps(findWasm(r, 2)?.decode, c),
      tps(nodeWasm, c),
    );
    q[`node-wasm2t / node2t tok/s @${c}`] = ratio(tps(nodeWasm, c), tps(findNode(r, 2)?.decode, c));
  }
  q['plain JS time, Chromium worker / Node (same code)'] = ratio(
    r.page.probe?.jsProbeMs,
    r.machine.jsProbeNodeMs,
  );
  q['70 MiB of fresh arrays written, Chromium worker / Node (ms ratio)'] = ratio(
    r.page.probe?.freshMemoryProbeMs,
    r.machine.freshMemoryProbeNodeMs,
  );
}

/** 1 when every float32 contender generated the same greedy tokens (q8 weights may differ). */
function greedyAgreement(r: BenchResults, q: Ratios): void {
  const fp32 = <T extends { variant: string }>(list: T[]) => list.filter((x) => x.variant !== 'q8');
  const greedy = [
    ...fp32(okValues(r.wasm)),
    ...fp32(okValues(r.node)),
    ...(r.tjs.ok ? [r.tjs.value] : []),
  ];
  const seqs = greedy.map((x) => x.greedy16.join(','));
  q['greedy tokens identical across float32 contenders (1 = yes)'] =
    seqs.length > 1 ? Number(seqs.every((s) => s === seqs[0])) : null;
}

/** The app's engine against transformers.js, tok/s at each context both ran. */
function appVsTransformersJs(r: BenchResults, q: Ratios): void {
  if (!r.tjs.ok) return;
  for (const t of r.tjs.value.decode) {
    q[`app wasm2t / transformers.js tok/s @${t.context}`] = ratio(
      tps(findWasm(r, 2)?.decode, t.context),
      t.tokensPerSec,
    );
  }
}

/** A software WebGPU adapter's step against WASM's, on tiny-gpt2. */
function softwareWebgpu(r: BenchResults, q: Ratios): void {
  const tiny = r.webgpu.tiny;
  if (!tiny?.webgpu.ok || !tiny.wasm.ok) return;
  q['tiny-gpt2 SwiftShader WebGPU step / WASM 2t step @16'] = ratio(
    at(tiny.webgpu.value.decode, 16)?.totalMs,
    at(tiny.wasm.value.decode, 16)?.totalMs,
    0,
  );
}

/**
 * The inspection pass at 128 tokens against the 128-token prefill of the slots file on the same
 * runtime and threads, in the same run: a pass is a prefill with more outputs, and the ratio
 * holds better than either time on a busy machine.
 */
function inspectVsPrefill(r: BenchResults, q: Ratios): void {
  const pass = (o: BenchResults['inspect']['wasm']) =>
    o.ok ? o.value.figures.find((f) => f.context === 128)?.totalMs : undefined;
  q['wasm2t inspect@128/prefill128'] = ratio(
    pass(r.inspect.wasm),
    findWasm(r, 2)?.prefillMs['128'],
  );
  q['node2t inspect@128/prefill128'] = ratio(
    pass(r.inspect.node),
    findNode(r, 2)?.prefillMs['128'],
  );
}

const GROUPS = [
  browserVsNative,
  perEngine,
  sleepingThreads,
  naiveVsCached,
  q8VsFloat,
  slotsVsHub,
  plainVsWebgpuBuild,
  browserVsNode,
  greedyAgreement,
  appVsTransformersJs,
  softwareWebgpu,
  inspectVsPrefill,
];

/** Only the ratios this run could compute (a --quick or --only run leaves some contenders out). */
export function computeRatios(r: BenchResults): Record<string, number> {
  const q: Ratios = {};
  for (const group of GROUPS) group(r, q);
  return Object.fromEntries(
    Object.entries(q).flatMap(([k, v]): [string, number][] => (v === null ? [] : [[k, v]])),
  );
}
