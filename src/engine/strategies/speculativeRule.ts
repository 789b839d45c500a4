/**
 * The acceptance rule of speculative sampling (Leviathan et al. 2023; Chen et al. 2023), as pure
 * functions over probability vectors: a draft token x drawn from the draft's distribution q is
 * kept with probability min(1, p(x) / q(x)), where p is the target's; otherwise a token is drawn
 * from max(0, p − q), normalised. The token that comes out is distributed exactly as p, whatever
 * q is: only how often the draft is right changes.
 */
import type { Rng } from '../rng';

/** Softmax of `logits / temperature`, in float64 (temperature > 0). */
export function softmax(logits: ArrayLike<number>, temperature: number): Float64Array {
  if (!(temperature > 0)) throw new Error(`the temperature must be above 0, not ${temperature}`);
  const n = logits.length;
  const out = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.exp((logits[i] - max) / temperature);
    sum += out[i];
  }
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

/**
 * The index where the running sum of `weights` first passes `u × total`: a draw from the
 * weights normalised (u uniform in [0, 1)). Zero weights are never drawn.
 */
export function drawFrom(weights: ArrayLike<number>, u: number): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  if (!(total > 0)) throw new Error('cannot draw from weights that sum to zero');
  const target = u * total;
  let running = 0;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] <= 0) continue;
    running += weights[i];
    last = i;
    if (running > target) return i;
  }
  return last; // rounding left the sum a hair short of u × total
}

/** What the rule decided for one draft token. */
export interface Verdict {
  /** Whether the draft token is kept. */
  accepted: boolean;
  /** The token that comes out: the draft token when kept, else a draw from the residual. */
  token: number;
  /** min(1, p(x) / q(x)): the chance the draft token had of being kept. */
  acceptProbability: number;
  /** p(x) and q(x): the draft token's probability under the target and under the draft. */
  p: number;
  q: number;
  /**
   * After a rejection: the chance the token drawn instead had in the distribution it was drawn
   * from, max(0, p − q) normalised (p itself where floating point left no residual).
   */
  drawnProbability?: number;
}

/**
 * One draft token `x` (drawn from `q`) checked against the target's `p`; `rng` gives the accept
 * draw and, after a rejection, the residual draw.
 */
export function verifyDraftToken(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  x: number,
  rng: Rng,
): Verdict {
  if (p.length !== q.length) throw new Error('p and q must cover the same vocabulary');
  // q(x) > 0 whenever x was drawn from q; a zero would mean x could not have come from it.
  const acceptProbability = q[x] > 0 ? Math.min(1, p[x] / q[x]) : 0;
  const seen = { acceptProbability, p: p[x], q: q[x] };
  if (rng() < acceptProbability) return { accepted: true, token: x, ...seen };
  const residual = new Float64Array(p.length);
  let mass = 0;
  for (let i = 0; i < p.length; i++) {
    residual[i] = Math.max(0, p[i] - q[i]);
    mass += residual[i];
  }
  // p = q leaves no residual, but then x is always accepted; floating point can still get here.
  const token = mass > 0 ? drawFrom(residual, rng()) : drawFrom(p, rng());
  const drawnProbability = mass > 0 ? residual[token] / mass : p[token];
  return { accepted: false, token, ...seen, drawnProbability };
}
