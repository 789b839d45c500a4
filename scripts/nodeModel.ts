/**
 * Loads a Hugging Face GPT-2 ONNX folder with onnxruntime-node, for the CLI and the unit tests.
 * The browser loads the same folder with onnxruntime-web; both end in the same KvCacheDecoder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { KvCacheDecoder } from '../src/engine/decoder';
import { localModel } from '../src/engine/modelCatalog';
import { parseModelConfig, type ModelShape } from '../src/engine/modelShape';

/** The file the app would load from this folder: the slots file where there is one. */
export function preferredModelFile(dir: string): string {
  const files = localModel('model').modelFiles;
  return files.find((file) => existsSync(join(dir, file))) ?? files[0];
}

export interface NodeModel {
  session: ort.InferenceSession;
  shape: ModelShape;
  decoder: KvCacheDecoder;
}

/**
 * `threads` defaults to 2: measured here, more intra-op threads help the prefill but not the
 * one-token decode steps, and 2 matches the browser's usual thread count.
 */
export async function loadNodeModel(
  dir: string,
  file = preferredModelFile(dir),
  threads?: number,
  /** More session options (the benchmark's variants, e.g. idle threads that sleep). */
  extra?: ort.InferenceSession.SessionOptions['extra'],
): Promise<NodeModel> {
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${join(dir, 'config.json')}: ${String(error)}`, { cause: error });
  }
  const shape = parseModelConfig(config);
  const session = await ort.InferenceSession.create(join(dir, file), {
    intraOpNumThreads: threads ?? 2,
    interOpNumThreads: 1,
    ...(extra ? { extra } : {}),
  });
  // Both runtimes re-export onnxruntime-common's classes, so the node ones fit the decoder's types.
  const decoder = new KvCacheDecoder(session, shape, ort.Tensor);
  return { session, shape, decoder };
}
