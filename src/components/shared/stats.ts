/**
 * Median of a list, or null when empty: robust to the odd slow step on a shared machine. The
 * project's one median: the app, the CLI (scripts/generate.ts) and the benchmark import it.
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
