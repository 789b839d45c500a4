/**
 * How the coloured text shades a token: five levels, from "the model was sure" (0) to "the model
 * hardly expected it" (4), read from the chosen token's probability or from the step's entropy.
 */
import type { ShadeBy } from '../../store/teachStore';

export type { ShadeBy };

export const SHADE_LEVELS = 5;

/**
 * The level boundaries, from level 0 towards level 4. Probability: at least 80% is level 0, below
 * 5% level 4. Entropy in bits: below 1 bit is level 0 (about two equally likely tokens or fewer),
 * 6 bits and over level 4 (as unsure as 64 equally likely tokens).
 */
export const PROB_BOUNDS = [0.8, 0.5, 0.2, 0.05] as const;
export const ENTROPY_BOUNDS = [1, 2, 4, 6] as const;

/** The level of a value: probabilities shade more as they fall, entropies as they rise. */
export function shadeLevel(by: ShadeBy, value: number): number {
  if (!Number.isFinite(value)) return SHADE_LEVELS - 1;
  if (by === 'prob') {
    const i = PROB_BOUNDS.findIndex((bound) => value >= bound);
    return i === -1 ? SHADE_LEVELS - 1 : i;
  }
  const i = ENTROPY_BOUNDS.findIndex((bound) => value < bound);
  return i === -1 ? SHADE_LEVELS - 1 : i;
}

/** One legend entry: the range of values a level stands for (`from` inclusive, `to` exclusive). */
export interface LegendRange {
  level: number;
  from: number | null;
  to: number | null;
}

/**
 * The legend, level 0 first. For probability the ranges run downwards (level 0 is "from 80%"),
 * so `from` is the lower bound and `to` the upper; for entropy they run upwards.
 */
export function legendRanges(by: ShadeBy): LegendRange[] {
  const bounds: readonly number[] = by === 'prob' ? PROB_BOUNDS : ENTROPY_BOUNDS;
  return Array.from({ length: SHADE_LEVELS }, (_, level) => {
    if (by === 'prob') {
      return { level, from: bounds[level] ?? null, to: level === 0 ? null : bounds[level - 1] };
    }
    return { level, from: level === 0 ? null : bounds[level - 1], to: bounds[level] ?? null };
  });
}
