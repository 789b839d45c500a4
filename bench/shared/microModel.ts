/** The build tests' model: GPT-2's graph at a size that builds in milliseconds. */
import { hubTensors } from '../../src/engine/build/hubWeights';
import { writeSafetensors } from '../../src/engine/build/safetensors';
import { makeWeights } from '../../src/engine/build/tinyWeights';
import type { ModelShape } from '../../src/engine/modelShape';

export const MICRO_SHAPE: ModelShape = {
  layers: 1,
  heads: 2,
  width: 8,
  vocab: 32,
  context: 16,
  eosTokenId: 31,
  layerNormEpsilon: 1e-5,
};

/** A checkpoint's model.safetensors for MICRO_SHAPE, its weights drawn from `seed`. */
export const microSafetensors = (seed: number): Uint8Array =>
  writeSafetensors(hubTensors(MICRO_SHAPE, makeWeights(MICRO_SHAPE, seed)));
