/**
 * The byte-level alphabet of GPT-2-style BPE (GPT-2, Qwen2, SmolLM2, Llama 3): every byte is
 * written as one printable character so a vocabulary of byte runs can be stored as strings. Bytes
 * that are printable Latin-1 stand for themselves (`a` is 0x61, `é` 0xe9); the other 68 (control
 * characters, space, 0x7f–0xa0, 0xad) are moved to U+0100 upwards in byte order, so a space is
 * `Ġ` (U+0120) and a line break `Ċ` (U+010A). This is `bytes_to_unicode` of GPT-2's encoder.py,
 * which Hugging Face's ByteLevel pre-tokenizer and decoder use; its inverse gives a token's bytes.
 */

/** True for the bytes that stand for themselves. */
const isPrintable = (b: number): boolean =>
  (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);

function charToByteTable(): Map<string, number> {
  const table = new Map<string, number>();
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    const code = isPrintable(b) ? b : 256 + shifted++;
    table.set(String.fromCodePoint(code), b);
  }
  return table;
}

const CHAR_TO_BYTE = charToByteTable();

/** The character that stands for `byte` (for tests and messages). */
export function byteLevelChar(byte: number): string {
  for (const [char, b] of CHAR_TO_BYTE) if (b === byte) return char;
  throw new RangeError(`${byte} is not a byte`);
}

/**
 * The bytes a byte-level token string stands for, or null when one of its characters is outside
 * the alphabet (the string was not written by this mapping).
 */
export function byteLevelBytes(token: string): Uint8Array | null {
  const bytes = new Uint8Array(token.length);
  let n = 0;
  for (const char of token) {
    const byte = CHAR_TO_BYTE.get(char);
    if (byte === undefined) return null;
    bytes[n++] = byte;
  }
  return bytes.subarray(0, n);
}
