/** How the step detail writes its numbers and tokens: as text, never as HTML. */
import type { useT } from '../../i18n';

export type T = ReturnType<typeof useT>;

// Small probabilities get more digits so they do not all read as 0.0%; a bound below that.
export function percent(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p > 0 && p < 0.00001) return '<0.001%';
  return `${(p * 100).toFixed(p > 0 && p < 0.001 ? 3 : 1)}%`;
}

/** Drops trailing zeros: T = 0.7, not 0.70. */
export const short = (v: number): string => String(Number(v.toFixed(2)));

/** Control characters would break the row or be invisible; show them as glyphs (text only). */
export const visible = (label: string): string =>
  label.replace(/\n/g, '↵').replace(/\r/g, '␍').replace(/\t/g, '⇥');

// A placeholder that cannot occur in a translation, so "{token}" can become an element while the
// sentence keeps each language's own word order.
export const SLOT = '\u0000';
