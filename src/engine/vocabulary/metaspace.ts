/**
 * SentencePiece-style pieces (Llama 2, TinyLlama, Mistral): a word boundary's space is stored as
 * `▁` (U+2581) and the rest of a piece is plain text, except the 256 byte-fallback pieces
 * `<0x00>` … `<0xFF>`, which stand for one byte each (a character the vocabulary lacks is spelled
 * in its UTF-8 bytes: 从 as `<0xE4>` `<0xBB>` `<0x8E>`).
 */

const utf8 = new TextEncoder();
const BYTE_PIECE = /^<0x([0-9A-Fa-f]{2})>$/;

/** The byte a byte-fallback piece stands for, or null for any other piece. */
export function fallbackByte(piece: string): number | null {
  const match = BYTE_PIECE.exec(piece);
  return match ? parseInt(match[1], 16) : null;
}

/** The bytes a piece stands for; byte-fallback pieces count only where the model uses them. */
export function metaspaceBytes(piece: string, byteFallback: boolean): Uint8Array {
  const byte = byteFallback ? fallbackByte(piece) : null;
  if (byte !== null) return Uint8Array.of(byte);
  return utf8.encode(piece.replaceAll('\u2581', ' '));
}
