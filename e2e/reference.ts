import { readFileSync } from 'node:fs';
import { readInitializers } from '../src/engine/build/onnxSchema';
import { TINY_GPT2 } from '../src/engine/modelShape';
import {
  referenceInspection,
  type ReferenceInspection,
} from '../src/engine/reference/gpt2Reference';

/**
 * The float64 reference pass (src/engine/reference/) over tiny-gpt2's own weights, read from the
 * inspection file the page runs: what its attention and logit lens views must show.
 */
export function tinyReference(ids: number[]): ReferenceInspection {
  const bytes = readFileSync('public/models/tiny-gpt2/onnx/model_inspect.onnx');
  return referenceInspection(TINY_GPT2, readInitializers(new Uint8Array(bytes)), ids);
}

/** The index of the highest score (the lower index on a tie, as the app ranks). */
export function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  return best;
}
