/**
 * Whether two vocabularies give every id the same token: speculative decoding compares a draft's
 * and a target's tokens id by id, so a draft is usable only where this holds. Equal sizes are not
 * enough (two tokenizers may have as many tokens, ordered otherwise).
 */
import type { Vocabulary } from './types';

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * True when `a` and `b` have the same scheme and size, and every id has the same bytes and is
 * special in both or neither. Null stands for GPT-2's vocabulary (a model without a tokenizer of
 * its own): two nulls are the same, a null and a tokenizer are not.
 */
export function sameTokens(a: Vocabulary | null, b: Vocabulary | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (a.kind !== b.kind || a.size !== b.size) return false;
  for (let id = 0; id < a.size; id++) {
    if (a.isSpecial(id) !== b.isSpecial(id)) return false;
    if (!sameBytes(a.tokenBytes(id), b.tokenBytes(id))) return false;
  }
  return true;
}
