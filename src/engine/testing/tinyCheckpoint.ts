/**
 * tiny-gpt2's weights as the Hub's original checkpoint of a GPT-2 repo would hold them:
 * config.json and model.safetensors (the Hub's tensor names), made from the recipe that
 * `npm run models:tiny` writes the app's files from. Test-only (unit and e2e).
 */
import { RECIPES } from '../../../scripts/makeModel';
import type { Gpt2Weights } from '../build/gpt2Graph';
import { hubTensors } from '../build/hubWeights';
import { writeSafetensors } from '../build/safetensors';
import { makeWeights } from '../build/tinyWeights';
import { modelConfigJson, type ModelShape } from '../modelShape';

export interface Checkpoint {
  shape: ModelShape;
  weights: Gpt2Weights;
  /** The files by name: `config.json`, `model.safetensors`. */
  files: Record<string, Uint8Array<ArrayBuffer>>;
}

export function tinyCheckpoint(): Checkpoint {
  const { shape, seed, scales } = RECIPES['tiny-gpt2'];
  const weights = makeWeights(shape, seed, scales);
  const config = new TextEncoder().encode(`${JSON.stringify(modelConfigJson(shape), null, 2)}\n`);
  const safetensors = writeSafetensors(hubTensors(shape, weights)) as Uint8Array<ArrayBuffer>;
  return { shape, weights, files: { 'config.json': config, 'model.safetensors': safetensors } };
}
