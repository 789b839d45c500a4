/**
 * The shape of bench/results.json, and how its contenders are found and named (ratios:
 * ratios.ts, targets: targets.ts).
 */
import type {
  AppRunResult,
  BeamRunResult,
  BuildRunResult,
  InspectRunResult,
  ProbeResult,
  RuntimeBuild,
  TjsRunResult,
} from '../shared/protocol';
import type { MachineInfo } from './machine';
import type { NodeRunResult } from './node';
import type { SpecPairResult } from './speculativeNode';
import type { LlamaRunResult } from './llamaBench';
import type { LongContextReport } from './longContextChild';
import type { InPageStepResult } from './uiStep';
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
  /** One inspection pass (model run + summary) at each context, on Node and in the bench page. */
  inspect: { node: Outcome<InspectRunResult>; wasm: Outcome<InspectRunResult> };
  /** The browser's build of the app's files from model.safetensors, in Node and the page. */
  build: { node: Outcome<BuildRunResult>; wasm: Outcome<BuildRunResult> };
  /** Speculative against greedy decoding on Node, per target and draft pair. */
  speculative: Outcome<SpecPairResult[]>;
  /** A batched 4-beam step against a greedy step, in the bench page (WASM) and on Node. */
  beam: { wasm: Outcome<BeamRunResult>; node: Outcome<BeamRunResult> };
  /** gpt2-shaped's decode step in the app's own page (production build), WASM. */
  uiStep: Outcome<InPageStepResult>;
  /** A 0.5B-class model (qwen-shaped) on WASM in Node and natively. */
  llama: Outcome<LlamaRunResult[]>;
  /** Steps at context 16 and 1000 per cache layout, WASM in Node and native (--only=longctx). */
  longContext: Outcome<LongContextReport[]>;
  ratios: Record<string, number | null>;
  targets: Target[];
  elapsedS: number;
}

/** A part that this run left out (--quick, --only) or has not reached yet. */
export const NOT_RUN = { ok: false, error: 'not run' } as const;

/** The results before any part ran: every part not run, no figures. */
export function emptyResults(
  fields: Pick<BenchResults, 'quick' | 'model' | 'machine' | 'q8'> & { pageUrl: string },
): BenchResults {
  const { pageUrl, ...rest } = fields;
  return {
    ...rest,
    page: { url: pageUrl, crossOriginIsolated: false, probe: null },
    webgpu: { status: 'not run' },
    wasm: [],
    node: [],
    tjs: NOT_RUN,
    ui: NOT_RUN,
    uiOneThread: NOT_RUN,
    uiRevisits: NOT_RUN,
    uiTrace: NOT_RUN,
    inspect: { node: NOT_RUN, wasm: NOT_RUN },
    build: { node: NOT_RUN, wasm: NOT_RUN },
    speculative: NOT_RUN,
    beam: { wasm: NOT_RUN, node: NOT_RUN },
    llama: NOT_RUN,
    longContext: NOT_RUN,
    uiStep: NOT_RUN,
    ratios: {},
    targets: [],
    elapsedS: 0,
  };
}

export interface Target {
  name: string;
  goal: string;
  value: string;
  met: boolean | null;
}

/** The values of the outcomes that succeeded. */
export const okValues = <T>(list: Outcome<T>[]): T[] =>
  list.flatMap((o) => (o.ok ? [o.value] : []));

/** The Chromium contender with these threads, model file and build, if it ran. */
export const findWasm = (
  r: BenchResults,
  threads: number,
  variant = 'slots',
  build: RuntimeBuild = 'plain',
) =>
  okValues(r.wasm).find(
    (w) => w.threadsAsked === threads && w.variant === variant && w.build === build,
  );
/** The Node contender with these threads, spinning, runtime and model file, if it ran. */
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
