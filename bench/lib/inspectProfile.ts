/**
 * Where the inspection pass's model run goes, by kind of work: onnxruntime-node's own profiler
 * (`enableProfiling`) on a session of its own (so that the timed passes carry no profiling),
 * one warm-up run and one profiled run per context, each kernel's time summed by what it
 * computes. onnxruntime-web's WASM build writes its profile into its in-memory file system,
 * out of reach, so the split is read natively: the same graph and kernels' shapes, not the
 * same kernels' speed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { INSPECT_MODEL_FILE, inspectFeeds } from '../../src/engine/inspect';
import type { ModelShape } from '../../src/engine/modelShape';
import { benchTokens, type RunSplit } from '../shared/protocol';

/** One event of onnxruntime's profile (Chrome trace format), the fields read here. */
export interface ProfileEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string; input_type_shape?: Record<string, number[]>[] };
}

const shapesOf = (e: ProfileEvent): number[][] =>
  (e.args?.input_type_shape ?? []).map((entry) => Object.values(entry)[0] ?? []);

type Kind = 'linearMs' | 'logitsMs' | 'lensMs' | 'attentionMs' | 'otherMs';

/** What one kernel computes, from its operator and its inputs' shapes. */
export function kindOf(e: ProfileEvent, shape: ModelShape, context: number): Kind {
  const op = e.args?.op_name ?? '';
  const [a = [], b = []] = shapesOf(e);
  if (op === 'Gemm' && b[0] === shape.vocab) return a[0] === context ? 'logitsMs' : 'lensMs';
  const perHead = a.length === 4 && a[1] === shape.heads;
  if (perHead && ['MatMul', 'FusedMatMul', 'Softmax', 'Where', 'Mul'].includes(op)) {
    return 'attentionMs';
  }
  if (op === 'Where' && b.length === 4) return 'attentionMs';
  if (op === 'MatMul' && a.length === 3) return 'linearMs';
  return 'otherMs';
}

const ms = (us: number): number => Number((us / 1000).toFixed(1));

/** The split of the profiled run `run` (a `model_run` event) from the kernels inside it. */
export function splitRun(
  events: readonly ProfileEvent[],
  run: ProfileEvent,
  shape: ModelShape,
  context: number,
): RunSplit {
  const us: Record<Kind, number> = {
    linearMs: 0,
    logitsMs: 0,
    lensMs: 0,
    attentionMs: 0,
    otherMs: 0,
  };
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    if (e.ts < run.ts || e.ts >= run.ts + run.dur) continue;
    us[kindOf(e, shape, context)] += e.dur;
  }
  return {
    context,
    runMs: ms(run.dur),
    linearMs: ms(us.linearMs),
    logitsMs: ms(us.logitsMs),
    lensMs: ms(us.lensMs),
    attentionMs: ms(us.attentionMs),
    otherMs: ms(us.otherMs),
  };
}

/** The profile's runs: the odd ones (after each context's warm-up) are the profiled ones. */
export function splitProfile(
  events: readonly ProfileEvent[],
  shape: ModelShape,
  contexts: readonly number[],
): RunSplit[] {
  const runs = events.filter((e) => e.name === 'model_run').sort((x, y) => x.ts - y.ts);
  if (runs.length !== 2 * contexts.length) {
    throw new Error(`the profile holds ${runs.length} runs, not ${2 * contexts.length}`);
  }
  return contexts.map((context, i) => splitRun(events, runs[2 * i + 1], shape, context));
}

export async function profileInspectNode(
  modelDir: string,
  shape: ModelShape,
  threads: number,
  contexts: readonly number[],
): Promise<RunSplit[]> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-inspect-profile-'));
  try {
    const session = await ort.InferenceSession.create(join(modelDir, INSPECT_MODEL_FILE), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      enableProfiling: true,
      profileFilePrefix: join(dir, 'inspect'),
    });
    for (const context of contexts) {
      // A decode step's feeds, as the app sends them (the head on the newest row only).
      const feeds = inspectFeeds(ort.Tensor, benchTokens(context));
      for (let i = 0; i < 2; i++) {
        const results = await session.run(feeds);
        for (const value of Object.values(results)) value.dispose();
      }
    }
    session.endProfiling();
    await session.release();
    const [file] = readdirSync(dir);
    if (file === undefined) throw new Error('onnxruntime-node wrote no profile');
    const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProfileEvent[];
    return splitProfile(events, shape, contexts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
