/**
 * The input names of an ONNX model, read from its protobuf without onnxruntime: enough to tell
 * whether a file the user picked is a model the engine reads (its cache interface) before the file
 * is stored and a session is made. Only the few fields on the way to the names are decoded
 * (ModelProto.graph = 7, GraphProto.input = 11, ValueInfoProto.name = 1); everything else — the
 * weights above all — is skipped by its length, and the bytes are read in windows, so a 500 MB
 * file costs a few reads rather than a copy.
 */

/** Bytes at an offset: a Blob's slices in the browser, an array in tests. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export const arraySource = (bytes: Uint8Array): ByteSource => ({
  size: bytes.length,
  read: async (offset, length) => bytes.subarray(offset, offset + length),
});

export const blobSource = (blob: Blob): ByteSource => ({
  size: blob.size,
  read: async (offset, length) =>
    new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
});

export class NotOnnxError extends Error {
  constructor(reason: string) {
    super(`not an ONNX model: ${reason}`);
    this.name = 'NotOnnxError';
  }
}

/** Small windows: after each skipped weight the next read starts afresh. */
const WINDOW = 64 * 1024;

/** A forward reader over a source, buffering one window of bytes at a time. */
class Cursor {
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;

  constructor(
    private readonly source: ByteSource,
    public offset = 0,
  ) {}

  private async byte(): Promise<number> {
    const at = this.offset - this.windowStart;
    if (at < 0 || at >= this.window.length) {
      if (this.offset >= this.source.size) throw new NotOnnxError('the file ends mid-field');
      this.windowStart = this.offset;
      this.window = await this.source.read(this.offset, WINDOW);
    }
    this.offset++;
    return this.window[this.offset - 1 - this.windowStart];
  }

  /** A base-128 varint; lengths and tags stay far below 2^53. */
  async varint(): Promise<number> {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = await this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new NotOnnxError('a number runs past 10 bytes');
  }

  async bytes(length: number): Promise<Uint8Array> {
    const bytes = await this.source.read(this.offset, length);
    if (bytes.length !== length) throw new NotOnnxError('the file ends mid-field');
    this.offset += length;
    return bytes;
  }
}

/**
 * Calls `onField` for each field of the message in [start, end) with the cursor at its value;
 * `onField` returns true when it read the value, else the value is skipped.
 */
async function forEachField(
  cursor: Cursor,
  end: number,
  onField: (field: number, wire: number, length: number) => Promise<boolean>,
): Promise<void> {
  while (cursor.offset < end) {
    const tag = await cursor.varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) throw new NotOnnxError('a field numbered 0');
    let length: number;
    if (wire === 0) {
      await cursor.varint();
      continue;
    } else if (wire === 1) length = 8;
    else if (wire === 5) length = 4;
    else if (wire === 2) length = await cursor.varint();
    else throw new NotOnnxError(`wire type ${wire}`);
    const valueEnd = cursor.offset + length;
    if (valueEnd > end) throw new NotOnnxError('a field runs past its message');
    if (!(await onField(field, wire, length))) cursor.offset = valueEnd;
    else if (cursor.offset !== valueEnd) throw new NotOnnxError('a field of unexpected length');
  }
  if (cursor.offset !== end) throw new NotOnnxError('a field runs past the file');
}

/** The graph's input names in file order; throws NotOnnxError when the bytes are not a model. */
export async function readOnnxInputNames(source: ByteSource): Promise<string[]> {
  const cursor = new Cursor(source);
  const names: string[] = [];
  let graphs = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  await forEachField(cursor, source.size, async (field, wire, length) => {
    if (field !== 7 || wire !== 2) return false;
    graphs++;
    await forEachField(cursor, cursor.offset + length, async (gField, gWire, gLength) => {
      if (gField !== 11 || gWire !== 2) return false;
      await forEachField(cursor, cursor.offset + gLength, async (vField, vWire, vLength) => {
        if (vField !== 1 || vWire !== 2) return false;
        try {
          names.push(decoder.decode(await cursor.bytes(vLength)));
        } catch (error) {
          if (error instanceof NotOnnxError) throw error;
          throw new NotOnnxError('an input name is not UTF-8 text');
        }
        return true;
      });
      return true;
    });
    return true;
  });
  if (graphs !== 1) throw new NotOnnxError(graphs === 0 ? 'no graph in it' : 'several graphs');
  if (names.length === 0) throw new NotOnnxError('its graph has no inputs');
  return names;
}
