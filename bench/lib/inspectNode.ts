/** The inspection pass on onnxruntime-node: the Node column beside the bench page's WASM. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { INSPECT_MODEL_FILE } from '../../src/engine/inspect';
import { parseModelConfig } from '../../src/engine/modelShape';
import { measureInspection } from '../shared/inspectMeasure';
import { profileInspectNode } from './inspectProfile';
import type { InspectPlan, InspectRunResult } from '../shared/protocol';

export async function runInspectNode(
  modelDir: string,
  threads: number,
  plan: InspectPlan,
  log: (line: string) => void,
): Promise<InspectRunResult> {
  const shape = parseModelConfig(JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')));
  const t0 = performance.now();
  // The options of the Node contenders (scripts/nodeModel.ts).
  const session = await ort.InferenceSession.create(join(modelDir, INSPECT_MODEL_FILE), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const sessionMs = Math.round(performance.now() - t0);
  log(`node inspect: session ${sessionMs} ms`);
  const figures = await (async () => {
    try {
      // Both runtimes re-export onnxruntime-common's classes: the node ones fit the engine's types.
      return await measureInspection(session, ort.Tensor, shape, plan, (line) =>
        log(`node ${line}`),
      );
    } finally {
      await session.release();
    }
  })();
  const profile = await profileInspectNode(modelDir, shape, threads, plan.contexts);
  for (const p of profile) {
    log(
      `node inspect @${p.context} profiled: run ${p.runMs} ms = linear ${p.linearMs}, logits ${p.logitsMs}, lens ${p.lensMs}, attention ${p.attentionMs}, other ${p.otherMs}`,
    );
  }
  return { kind: 'inspect', runtime: 'node', threads, fetchMs: 0, sessionMs, figures, profile };
}
