/**
 * The lesson's AR(p) toy: the time-series model the source article uses to explain the "auto" in
 * autoregression. Each value is a weighted sum of the series' own last p values plus a little
 * noise, x_t = φ1·x_{t−1} + … + φp·x_{t−p} + ε_t, so the series is regressed on itself. The noise
 * comes from a seeded stream: the same seed gives the same series, as a language model's seed does.
 */
import { createRng, type Rng } from './rng';

export interface ArConfig {
  /** φ1 … φp: the weight of the value 1 … p steps back. */
  coefficients: readonly number[];
  /** The first p values, given rather than computed (the series' "prompt"). */
  start: readonly number[];
  /** Standard deviation of ε; 0 gives the formula's exact values. */
  noise: number;
  seed: number;
}

/** One computed value and the parts it was made from, for the lesson to show. */
export interface ArStep {
  /** The position, from 1 (the start values are 1 … p). */
  t: number;
  /** φi · x_{t−i} for i = 1 … p. */
  terms: number[];
  /** ε_t. */
  noise: number;
  value: number;
}

/** The toy the lesson shows: AR(2), stationary (φ1 + φ2 < 1), so it wanders but never runs off. */
export const LESSON_AR: ArConfig = {
  coefficients: [0.6, 0.3],
  start: [4, 2],
  noise: 1,
  seed: 7,
};

/** A standard normal draw from two uniform ones (Box–Muller). */
export function normal(rng: Rng): number {
  const u = Math.max(rng(), Number.MIN_VALUE);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * The next value from the series so far: each weight times its lagged value, then the noise. Only
 * the last p values are read, however long the history.
 */
export function arNext(coefficients: readonly number[], history: readonly number[], eps: number) {
  const terms = coefficients.map((phi, i) => phi * (history[history.length - 1 - i] ?? 0));
  const value = terms.reduce((sum, term) => sum + term, 0) + eps;
  return { terms, value };
}

/**
 * The series' first `length` values: the start values, then each computed from those before it,
 * one at a time. Returns the computed steps (positions p+1 … length); the start values are
 * `config.start`.
 */
export function arSeries(config: ArConfig, length: number): ArStep[] {
  if (config.start.length !== config.coefficients.length) {
    throw new Error('an AR(p) series needs exactly p start values');
  }
  const rng = createRng(config.seed);
  const values = [...config.start];
  const steps: ArStep[] = [];
  for (let t = values.length + 1; t <= length; t++) {
    // One draw per step whether or not noise is on, so turning it off keeps the stream aligned.
    const eps = normal(rng) * config.noise;
    const { terms, value } = arNext(config.coefficients, values, eps);
    values.push(value);
    steps.push({ t, terms, noise: eps, value });
  }
  return steps;
}

/** The values of the series up to and including position `t` (start values first). */
export function arValues(config: ArConfig, steps: readonly ArStep[], t: number): number[] {
  return [...config.start, ...steps.map((s) => s.value)].slice(0, Math.max(0, t));
}
