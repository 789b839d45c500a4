/**
 * The view of a run whose model's vocabulary this page does not hold: a Hub model with its own
 * tokenizer, its files no longer in this browser (cleared, or a run file made elsewhere). Its
 * tokens are shown as their ids, `⟨#9707⟩`, never as another vocabulary's text: GPT-2's table
 * would turn Qwen's ids into unrelated words. It encodes nothing: a prompt waits for the real
 * vocabulary (the model's load, or its tokenizer files fetched again).
 */
import type { TokenView, Vocabulary } from './types';

const views = new Map<number, TokenView>();

function view(id: number): TokenView {
  let made = views.get(id);
  if (!made) {
    // `complete`: the label is whole text of its own, not bytes waiting for the next token.
    made = Object.freeze({ label: `⟨#${id}⟩`, complete: true, hex: '' });
    views.set(id, made);
  }
  return made;
}

export const ID_VOCABULARY: Vocabulary = Object.freeze({
  kind: 'ids' as const,
  // Unknown: a view of ids knows no size (a rank's "of N" takes the model's head when loaded).
  size: 0,
  endOfTextId: null,
  eosIds: [],
  addsPrefixSpace: false,
  prefixIds: [],
  chatTemplate: null,
  encode: () => [],
  encodeWithSpecials: () => [],
  tokenBytes: () => new Uint8Array(0),
  viewToken: view,
  adoptView: (id: number) => view(id),
  decode: (ids: readonly number[]) => ids.map((id) => view(id).label).join(''),
  isSpecial: () => false,
});
