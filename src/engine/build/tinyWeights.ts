/**
 * Deterministic, seeded GPT-2 weights. A seed gives the same bytes on every machine: the PRNG is
 * the engine's integer-only generator (rng.ts, mulberry32) and the normal draws use Box–Muller on
 * its output.
 */
import type { ModelShape } from '../modelShape';
import { createRng } from '../rng';
import type { Gpt2LayerWeights, Gpt2Weights } from './gpt2Graph';

/** Bump when the defaults below change, so generated models are rebuilt. */
export const WEIGHTS_VERSION = 'weights-3';

/** Standard deviations (and LayerNorm gamma spreads) of each weight family. */
export interface WeightScales {
  wte: number;
  wpe: number;
  attn: number; // c_attn weights
  attnProj: number; // attention c_proj weights
  fc: number; // mlp.c_fc weights
  mlpProj: number; // mlp.c_proj weights
  bias: number; // all biases
  /** LayerNorm gammas are 1 + N(0, spread) in the blocks; ln_f gets its own spread. */
  lnGammaSpread: number;
  lnFGammaSpread: number;
  /**
   * Multiplies ln_f's gamma and beta after drawing them: every logit scales by it, so greedy
   * tokens stay the same while the distribution gets sharper (or flatter). Drawn last, it leaves
   * the random stream untouched.
   */
  lnFGain?: number;
}

/** GPT-2's initialisation (std 0.02, zero biases, unit gammas). */
export const GPT2_INIT_SCALES: WeightScales = {
  wte: 0.02,
  wpe: 0.02,
  attn: 0.02,
  attnProj: 0.02,
  fc: 0.02,
  mlpProj: 0.02,
  bias: 0,
  lnGammaSpread: 0,
  lnFGammaSpread: 0,
};

/**
 * Scales for the tiny test model, chosen so greedy decoding is not degenerate. With GPT-2's own
 * init the residual stream stays the current token's embedding, the tied head maps it back onto
 * itself, and one token repeats ("Once upon a time" → " time" ×8, then another token forever).
 * Large attention/MLP weights make the residual depend on the context; wte/wpe at 0.1 keep token
 * identity and position visible next to it; spread LayerNorm gammas (ln_f's especially) turn the
 * final direction away from the current token's embedding. Measured (seed 1234): 28 distinct of
 * 30 greedy tokens, logits within about ±5 before the ln_f gain below.
 */
export const TINY_SCALES: WeightScales = {
  wte: 0.1,
  wpe: 0.1,
  attn: 0.3,
  attnProj: 0.5,
  fc: 0.3,
  mlpProj: 0.5,
  bias: 0.02,
  lnGammaSpread: 0.3,
  lnFGammaSpread: 1,
  // Logits within about ±25 instead of ±5: the top candidates carry visible probability, as in
  // a trained model, instead of a near-uniform spread (entropy ~14.7 bits) that teaches nothing.
  lnFGain: 5,
};

/** Fills arrays with N(mean, std) draws from one seeded stream (Box–Muller, both outputs used). */
export class NormalSampler {
  private readonly uniform: () => number;
  private spare: number | undefined;

  constructor(seed: number) {
    this.uniform = createRng(seed);
  }

  next(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    const u1 = 1 - this.uniform(); // (0, 1], so log is finite
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** A new Float32Array of `count` draws; std 0 gives a constant array without drawing. */
  fill(count: number, std: number, mean = 0): Float32Array {
    const out = new Float32Array(count);
    if (std === 0) return out.fill(mean);
    for (let k = 0; k < count; k++) out[k] = mean + std * this.next();
    return out;
  }
}

/** Seeded weights for `shape`; defaults to GPT-2's init unless `scales` says otherwise. */
export function makeWeights(
  shape: ModelShape,
  seed: number,
  scales: WeightScales = GPT2_INIT_SCALES,
): Gpt2Weights {
  const d = shape.width;
  const rng = new NormalSampler(seed);
  const gamma = (spread: number): Float32Array => rng.fill(d, spread, 1);
  const layers: Gpt2LayerWeights[] = [];
  const wte = rng.fill(shape.vocab * d, scales.wte);
  const wpe = rng.fill(shape.context * d, scales.wpe);
  for (let i = 0; i < shape.layers; i++) {
    layers.push({
      ln1Gamma: gamma(scales.lnGammaSpread),
      ln1Beta: rng.fill(d, scales.bias),
      attnW: rng.fill(d * 3 * d, scales.attn),
      attnB: rng.fill(3 * d, scales.bias),
      attnProjW: rng.fill(d * d, scales.attnProj),
      attnProjB: rng.fill(d, scales.bias),
      ln2Gamma: gamma(scales.lnGammaSpread),
      ln2Beta: rng.fill(d, scales.bias),
      fcW: rng.fill(d * 4 * d, scales.fc),
      fcB: rng.fill(4 * d, scales.bias),
      mlpProjW: rng.fill(4 * d * d, scales.mlpProj),
      mlpProjB: rng.fill(d, scales.bias),
    });
  }
  const gain = scales.lnFGain ?? 1;
  return {
    wte,
    wpe,
    layers,
    lnFGamma: gamma(scales.lnFGammaSpread).map((g) => g * gain),
    lnFBeta: rng.fill(d, scales.bias).map((b) => b * gain),
  };
}
