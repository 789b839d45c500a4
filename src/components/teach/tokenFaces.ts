/**
 * What each token of the coloured text shows. A Chinese character is often two or three byte
 * tokens, none a character on its own: the group's last token shows the character, the others
 * nothing (each is still shaded by its own probability), as the context strip shows it once.
 */
import { charGroups, partOf, type GroupPart } from '../../engine/charGroups';
import { viewToken } from '../../engine/tokenizer';
import { visible } from '../step/format';

export interface TokenFace {
  /** The text shown; empty on a byte piece before the last of its character. */
  text: string;
  /** The token's own text (control characters as glyphs; a byte piece as ⟨e4 bb⟩). */
  label: string;
  /** For a byte piece of a character: where it sits, and the character. */
  piece?: { part: GroupPart; char: string };
}

export function tokenFaces(ids: readonly number[]): TokenFace[] {
  const faces: TokenFace[] = ids.map((id) => {
    const label = visible(viewToken(id).label);
    return { text: label, label };
  });
  for (const group of charGroups(ids)) {
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
