/**
 * The app's own model files, made from GPT-2 weights by one writer wherever it runs: the Node
 * export (`npm run models:export`, `npm run models:*`) and the browser's build worker
 * (src/engine/build/browserBuild.ts) call the same functions on the same weights, so their
 * files are byte-identical (scripts/exportModel.test.ts, e2e/build.spec.ts).
 */
import { HF_MODEL_FILE, SLOTS_MODEL_FILE, SLOTS_Q8_FILE } from '../modelCatalog';
import { INSPECT_MODEL_FILE } from '../inspect';
import type { ModelShape } from '../modelShape';
import { buildGpt2Model, type Gpt2Weights } from './gpt2Graph';
import { buildInspectModel } from './inspectGraph';

/** Every file the writer makes, as a path inside the model folder. */
export type AppFile =
  typeof SLOTS_MODEL_FILE | typeof SLOTS_Q8_FILE | typeof INSPECT_MODEL_FILE | typeof HF_MODEL_FILE;

/**
 * What a build in the browser makes: the slots files the WASM engine reads (float32 and 8-bit)
 * and the inspection file. The Hub interface (WebGPU's first choice) is left out there: WebGPU
 * reads the slots file too, and the browser's storage is spared another 500 MB.
 */
export const BUILT_FILES: readonly AppFile[] = [
  SLOTS_MODEL_FILE,
  SLOTS_Q8_FILE,
  INSPECT_MODEL_FILE,
];

/** One file's bytes. Each is made on demand, so a caller holds one file at a time. */
export function appFileBytes(file: AppFile, shape: ModelShape, weights: Gpt2Weights): Uint8Array {
  switch (file) {
    case SLOTS_MODEL_FILE:
      return buildGpt2Model(shape, weights, 'slots', 'fp32');
    case SLOTS_Q8_FILE:
      return buildGpt2Model(shape, weights, 'slots', 'q8');
    case HF_MODEL_FILE:
      return buildGpt2Model(shape, weights, 'hf', 'fp32');
    case INSPECT_MODEL_FILE:
      return buildInspectModel(shape, weights);
    default: {
      const unknown: never = file;
      throw new Error(`the writer makes no ${String(unknown)}`);
    }
  }
}
