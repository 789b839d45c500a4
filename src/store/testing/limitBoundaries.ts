/** Test values at the edges of a row of the table of limits (engine/limits.ts). */
import type { Limit } from '../../engine/limits';

/** Each end of the range, just outside each, just inside the minimum, and halves for integers. */
export function boundaries(limit: Limit): number[] {
  const near = limit.integer ? 1 : 1e-6;
  const values = [limit.min, limit.max, limit.min - near, limit.max + near, limit.min + near];
  if (limit.integer) values.push(limit.min + 0.5, limit.max - 0.5);
  return values;
}
