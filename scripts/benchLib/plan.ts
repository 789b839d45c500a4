/** What the full run and `--quick` measure. */
import type { MeasurePlan } from '../../bench/protocol';

export interface BenchPlan {
  quick: boolean;
  threads: number[];
  engine: MeasurePlan;
  /** The no-cache loop runs only for these thread counts (Node and WASM). */
  naiveThreads: number[];
  naive: Pick<MeasurePlan, 'naiveContexts' | 'naiveSteps'>;
  tjs: { newTokens: number; repeats: number; promptLength: number };
  ui: { steps: number };
}

const NONE = { naiveContexts: [], naiveSteps: 0 };

export function makePlan(quick: boolean): BenchPlan {
  const engine: MeasurePlan = quick
    ? { prefill: [16, 128], contexts: [16, 128, 1000], decodeSteps: 5, prefillRepeats: 1, ...NONE }
    : {
        prefill: [16, 128],
        contexts: [16, 128, 512, 1000],
        decodeSteps: 8,
        prefillRepeats: 3,
        ...NONE,
      };
  return {
    quick,
    threads: [1, 2],
    engine,
    naiveThreads: [2],
    naive: quick
      ? { naiveContexts: [128], naiveSteps: 2 }
      : { naiveContexts: [128, 512], naiveSteps: 3 },
    tjs: quick
      ? { newTokens: 4, repeats: 1, promptLength: 16 }
      : { newTokens: 8, repeats: 3, promptLength: 16 },
    ui: { steps: 500 },
  };
}

/** The engine plan for one thread count: the naive loop only where the plan asks for it. */
export function enginePlanFor(plan: BenchPlan, threads: number): MeasurePlan {
  const engine = plan.naiveThreads.includes(threads)
    ? { ...plan.engine, ...plan.naive }
    : plan.engine;
  // --quick: one thread only at short contexts (a 999-token prefill costs ~15 s on one thread).
  if (plan.quick && threads === 1)
    return { ...engine, contexts: engine.contexts.filter((c) => c <= 128) };
  return engine;
}
