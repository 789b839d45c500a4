/**
 * The batched beam step against a greedy step (bench/shared/beamMeasure.ts) on gpt2-shaped's
 * slots file and then its Hub-interface file: WASM 2 threads in the bench page's worker and
 * onnxruntime-node 2 threads, one plan for all, and the report's lines.
 */
import { loadNodeModel } from '../../scripts/nodeModel';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../../src/engine/modelCatalog';
import { measureBeamStep, type BeamPlan, type BeamStepFigures } from '../shared/beamMeasure';
import type { BeamRunResult } from '../shared/protocol';
import type { BenchPage } from './browser';
import type { Outcome } from './results';

/** 4 beams at context 128 (issue 19's target): 20 timed rounds (10 in --quick) after 3. */
export function beamPlan(quick: boolean): BeamPlan {
  return { context: 128, beams: 4, rounds: quick ? 10 : 20, warmupRounds: 3 };
}

export async function beamInPage(bench: BenchPage, model: string, plan: BeamPlan) {
  const result = await bench.run({ kind: 'beam', threads: 2, modelUrl: `/models/${model}/`, plan });
  if (result.kind !== 'beam') throw new Error(`unexpected ${result.kind} result`);
  return result;
}

export async function beamOnNode(
  modelDir: string,
  plan: BeamPlan,
  log: (line: string) => void,
): Promise<BeamRunResult> {
  const t0 = performance.now();
  const model = await loadNodeModel(modelDir, SLOTS_MODEL_FILE, 2);
  const sessionMs = performance.now() - t0;
  let figures: BeamStepFigures;
  try {
    figures = await measureBeamStep(model.decoder, plan, log);
  } finally {
    await model.session.release();
  }
  const hubModel = await loadNodeModel(modelDir, HF_MODEL_FILE, 2);
  try {
    const hub = await measureBeamStep(hubModel.decoder, plan, log);
    return {
      kind: 'beam',
      runtime: 'node',
      threads: 2,
      sessionMs: Math.round(sessionMs),
      figures,
      hub,
    };
  } finally {
    await hubModel.session.release();
  }
}

const fixed = (x: number, digits = 2): string => x.toFixed(digits);

/** The report's lines: each runtime's three steps and the ratios against greedy. */
export function beamLines(
  outcomes: { wasm: Outcome<BeamRunResult>; node: Outcome<BeamRunResult> },
  errors: string[],
): string[] {
  const lines: string[] = [];
  for (const outcome of [outcomes.wasm, outcomes.node]) {
    if (!outcome.ok) {
      if (outcome.error !== 'not run') errors.push(outcome.error);
      continue;
    }
    const { runtime, threads, figures, hub } = outcome.value;
    const where = runtime === 'wasm' ? 'WASM (bench page)' : 'onnxruntime-node';
    for (const [file, f] of [['slots', figures] as const, ['Hub', hub] as const]) {
      if (!f) continue;
      lines.push(
        `  ${where}, ${threads} threads, ${file} file, @${f.context}, ${f.beams} beams (${f.rounds} rounds): greedy ${fixed(f.greedy.ms, 1)} ms, batched ${fixed(f.batched.ms, 1)} ms (×${fixed(f.batchedRatio)}), per beam ${fixed(f.perBeam.ms, 1)} ms (×${fixed(f.perBeamRatio)}); session.run ${fixed(f.greedy.modelMs, 1)} / ${fixed(f.batched.modelMs, 1)} / ${fixed(f.perBeam.modelMs, 1)} ms`,
      );
    }
  }
  if (lines.length === 0) return [];
  return [
    '',
    'beam search step against a greedy step (gpt2-shaped slots file and Hub file; batched: all beams in one run; per beam: restore, run, save each; target batched ≤ ×1.6):',
    ...lines,
  ];
}
