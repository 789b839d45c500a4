/**
 * The tokens of every beam of a search, from its step records: each kept or ended node extends its
 * parent by one token, beam 0 being the empty sequence after the prompt.
 */
import type { BeamStep } from '../../engine/strategies/beamRecord';

export function beamPaths(steps: readonly BeamStep[]): Map<number, number[]> {
  const paths = new Map<number, number[]>([[0, []]]);
  for (const step of steps) {
    for (const node of [...step.kept, ...step.ended]) {
      const parent = node.parentId === null ? [] : (paths.get(node.parentId) ?? []);
      paths.set(node.id, [...parent, node.tokenId]);
    }
  }
  return paths;
}

/** Whether two token sequences are the same, token for token. */
export const sameTokens = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** A log-probability or score for the screen: two decimals, a true minus sign. */
export const formatLogProb = (value: number): string => value.toFixed(2).replace(/^-/, '\u2212');
