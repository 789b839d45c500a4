/** The native contender: onnxruntime-node under the same KvCacheDecoder and Generation. */
import { measureEngine } from '../../bench/measure';
import type { EngineFigures, MeasurePlan } from '../../bench/protocol';
import { loadNodeModel } from '../nodeModel';

export interface NodeRunResult extends EngineFigures {
  kind: 'node';
  threads: number;
  sessionMs: number;
}

export async function runNode(
  modelDir: string,
  threads: number,
  plan: MeasurePlan,
  log: (line: string) => void,
): Promise<NodeRunResult> {
  const t0 = performance.now();
  const { session, decoder } = await loadNodeModel(modelDir, 'onnx/model.onnx', threads);
  const sessionMs = Math.round(performance.now() - t0);
  log(`node ${threads}t: session ${sessionMs} ms`);
  const figures = await measureEngine(decoder, plan, (line) => log(`node ${threads}t: ${line}`));
  await session.release();
  return { kind: 'node', threads, sessionMs, ...figures };
}
