/**
 * What each token of the coloured text shows. A Chinese character is often two or three byte
 * tokens, none a character on its own: the group's last token shows the character, the others
 * nothing (each is still shaded by its own probability), as the context strip shows it once.
 */
import { charGroups, partOf, type GroupPart } from '../../engine/charGroups';
import { GPT2_VOCABULARY } from '../../engine/vocabulary/gpt2Vocabulary';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { visible } from '../step/format';

export interface TokenFace {
  /** The text shown; empty on a byte piece before the last of its character. */
  text: string;
  /** The token's own text (control characters as glyphs; a byte piece as ⟨e4 bb⟩). */
  label: string;
  /** For a byte piece of a character: where it sits, and the character. */
  piece?: { part: GroupPart; char: string };
}

/** The faces of `ids` in the run's model's vocabulary (GPT-2's unless given). */
export function tokenFaces(
  ids: readonly number[],
  vocab: Vocabulary = GPT2_VOCABULARY,
): TokenFace[] {
  const faces: TokenFace[] = ids.map((id) => {
    const label = visible(vocab.viewToken(id).label);
    return { text: label, label };
  });
  for (const group of charGroups(ids, vocab)) {
    for (let i = group.start; i < group.end; i++) {
      const part = partOf(group, i);
      faces[i] = {
        text: part === 'end' ? visible(group.text) : '',
        label: faces[i].label,
        piece: { part, char: group.text },
      };
    }
  }
  return faces;
}
