import { describe, expect, it } from 'vitest';
import { encodeText, viewToken } from '../../engine/tokenizer';
import { loadVocabulary } from '../../engine/vocabulary/loadVocabulary';
import { qwenTokenizerFiles } from '../../engine/vocabulary/testing/qwenTokenizerFiles';
import { tokenFaces } from './tokenFaces';

describe('the faces of the coloured tokens', () => {
  it('shows each whole token as its text, line breaks as a glyph', () => {
    const ids = encodeText(' time\n');
    const faces = tokenFaces(ids);
    expect(faces.map((f) => f.text).join('')).toBe(' time↵');
    expect(faces.every((f) => f.piece === undefined)).toBe(true);
  });

  it('shows a character split into byte tokens once, on its last piece', () => {
    const ids = encodeText('今天 good');
    const faces = tokenFaces(ids);
    const pieces = faces.filter((f) => f.piece);
    // 今 is two byte pieces in GPT-2's vocabulary; each piece keeps its own label.
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(faces.map((f) => f.text).join('')).toBe('今天 good');
    const first = faces.findIndex((f) => f.piece);
    expect(faces[first].text).toBe('');
    expect(faces[first].label).toBe(viewToken(ids[first]).label);
    expect(faces[first].label).toMatch(/^⟨/);
    expect(faces[first].piece?.part).toBe('start');
  });

  it("takes a Llama-family run's own vocabulary: Qwen's tokens, its byte pieces grouped", () => {
    const qwen = loadVocabulary(qwenTokenizerFiles());
    const ids = qwen.encode('小女孩叫龘');
    const faces = tokenFaces(ids, qwen);
    expect(faces.map((f) => f.text)).toEqual(['小女孩', '叫', '', '龘']);
    expect(faces.map((f) => f.label)).toEqual(['小女孩', '叫', '⟨e9 be⟩', '⟨98⟩']);
    expect(faces[3].piece).toEqual({ part: 'end', char: '龘' });
  });
});
