/** The native contender: onnxruntime-node under the same KvCacheDecoder and Generation. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureEngine, stampRuns } from '../shared/measure';
import { NO_SPINNING } from '../shared/protocol';
import {
  VARIANT_FILES,
  type EngineFigures,
  type MeasurePlan,
  type ModelVariant,
} from '../shared/protocol';
import { KvCacheDecoder } from '../../src/engine/decoder';
import { parseModelConfig } from '../../src/engine/modelShape';
import { loadNodeModel } from '../../scripts/nodeModel';
import { contenderName, type Contender } from './plan';

export interface NodeRunResult extends EngineFigures {
  kind: 'node';
  /** native: onnxruntime-node; wasm: onnxruntime-web's WASM build running in Node. */
  runtime: 'native' | 'wasm';
  threads: number;
  /** False: `session.intra_op.allow_spinning = 0` (idle pool threads sleep). */
  spinning: boolean;
  variant: ModelVariant;
  sessionMs: number;
}

/**
 * onnxruntime-web in Node: the browser's WASM runtime without the browser, to tell the cost of
 * WASM from the cost of this Chromium. Same session options as the app (ortWeb.ts).
 */
async function loadWebInNode(modelDir: string, file: string, threads: number) {
  const web = await import('onnxruntime-web');
  web.env.wasm.numThreads = threads;
  web.env.logLevel = 'error';
  const shape = parseModelConfig(JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')));
  const bytes = new Uint8Array(readFileSync(join(modelDir, file)));
  const session = await web.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  return { session, decoder: new KvCacheDecoder(session, shape, web.Tensor) };
}

export async function runNode(
  modelDir: string,
  runtime: NodeRunResult['runtime'],
  contender: Pick<Contender, 'threads' | 'spinning' | 'variant'>,
  plan: MeasurePlan,
  log: (line: string) => void,
): Promise<NodeRunResult> {
  const { threads, spinning, variant } = contender;
  const file = VARIANT_FILES[variant];
  const name = contenderName({ runtime: runtime === 'wasm' ? 'node-wasm' : 'node', ...contender });
  const t0 = performance.now();
  const { session, decoder } =
    runtime === 'wasm'
      ? await loadWebInNode(modelDir, file, threads)
      : await loadNodeModel(modelDir, file, threads, spinning ? undefined : NO_SPINNING);
  const sessionMs = Math.round(performance.now() - t0);
  log(`${name}: session ${sessionMs} ms`);
  const marks = stampRuns(session);
  const figures = await measureEngine(decoder, marks, plan, (line) => log(`${name}: ${line}`));
  await session.release();
  return { kind: 'node', runtime, threads, spinning, variant, sessionMs, ...figures };
}
