/**
 * The inspection pass as the app runs it (runInspection in src/engine/inspect.ts, the call
 * src/worker/inspectHost.ts makes for a decode step), timed on any runtime: the bench worker's
 * onnxruntime-web and onnxruntime-node run the same code. Each pass is split into the model run
 * (`session.run`, stamped) and the rest (reading the outputs, summarizeInspection, releasing the
 * outputs), since the user waits for both. Beside each pass, interleaved with it so that the
 * machine's load falls on both alike, a bare `session.run` that fetches every output but
 * `logits` (which only the prefill's view reads). onnxruntime still computes an output that is
 * not fetched (its profiler shows the logits' Gemm in both), so the difference is the cost of
 * handing the logits of every position out of the runtime, not of computing them.
 */
import type { InferenceSession } from 'onnxruntime-web';
import type { TensorClass } from '../../src/engine/kvCache/kvCache';
import { inspectFeeds, runInspection } from '../../src/engine/inspect';
import type { ModelShape } from '../../src/engine/modelShape';
import { median } from '../../src/components/shared/stats';
import { stampRuns } from './measure';
import { benchTokens, type InspectFigure, type InspectPlan } from './protocol';

/** One pass's times, in ms: the whole call and the part inside `session.run`. */
export interface PassTime {
  totalMs: number;
  modelMs: number;
}

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const med = (values: readonly number[]): number => median(values) ?? Number.NaN;

/**
 * The figure of one context from its warm-up pass and its timed passes: medians of the whole
 * pass, of the model run, and of the rest (each pass's total minus its model run).
 */
export function inspectFigure(
  context: number,
  warmup: PassTime,
  timed: PassTime[],
  withoutLogitsMs: number[],
): InspectFigure {
  return {
    context,
    runs: timed.length,
    firstMs: round(warmup.totalMs),
    totalMs: round(med(timed.map((p) => p.totalMs))),
    modelMs: round(med(timed.map((p) => p.modelMs))),
    summaryMs: round(med(timed.map((p) => p.totalMs - p.modelMs))),
    totalsMs: timed.map((p) => round(p.totalMs)),
    modelWithoutLogitsMs: round(med(withoutLogitsMs)),
  };
}

/**
 * Times the inspection pass at each context of the plan: one warm-up pass, then `repeats` timed
 * ones, on the bench's fixed tokens, focused on the first head (the app's default view) and
 * without the prefill's every-position summary (a decode step's pass).
 */
export async function measureInspection(
  session: InferenceSession,
  Tensor: TensorClass,
  shape: ModelShape,
  plan: InspectPlan,
  log: (line: string) => void,
): Promise<InspectFigure[]> {
  // The bare runs call the session's own run: the stamped one passes the feeds alone.
  const run = session.run.bind(session);
  const marks = stampRuns(session);
  const focus = { layer: 0, head: 0 };
  const pass = async (ids: number[]): Promise<PassTime> => {
    const t0 = performance.now();
    const inspection = await runInspection(session, Tensor, shape, ids, focus);
    const totalMs = performance.now() - t0;
    if (inspection.length !== ids.length) throw new Error('the inspection read another context');
    return { totalMs, modelMs: marks.exit - marks.enter };
  };
  const withoutLogits = session.outputNames.filter((name) => name !== 'logits');
  const bareRun = async (ids: number[]): Promise<number> => {
    const feeds = inspectFeeds(Tensor, ids);
    const t0 = performance.now();
    const results = await run(feeds, withoutLogits);
    const ms = performance.now() - t0;
    for (const value of Object.values(results)) value.dispose();
    return ms;
  };
  const figures: InspectFigure[] = [];
  for (const context of plan.contexts) {
    const ids = benchTokens(context);
    const warmup = await pass(ids);
    await bareRun(ids);
    const timed: PassTime[] = [];
    const bare: number[] = [];
    for (let i = 0; i < plan.repeats; i++) {
      timed.push(await pass(ids));
      bare.push(await bareRun(ids));
    }
    const figure = inspectFigure(context, warmup, timed, bare);
    log(
      `inspect @${context}: ${figure.totalMs} ms (model ${figure.modelMs}, summary ${figure.summaryMs}; first ${figure.firstMs}); run not fetching logits ${figure.modelWithoutLogitsMs}`,
    );
    figures.push(figure);
  }
  return figures;
}
