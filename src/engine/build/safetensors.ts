/**
 * Reads a .safetensors file (the Hugging Face weight format): an 8-byte little-endian header
 * length, a JSON header naming each tensor's dtype, shape and byte range, then the raw data.
 * Float tensors come back as float32 whatever they were stored as (F32, F16 or BF16).
 */
import { float16ToFloat32 } from '../float16';

export interface FloatTensor {
  dims: number[];
  data: Float32Array;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

function isEntry(value: unknown): value is HeaderEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.dtype === 'string' &&
    Array.isArray(v.shape) &&
    v.shape.every((n) => Number.isInteger(n) && n >= 0) &&
    Array.isArray(v.data_offsets) &&
    v.data_offsets.length === 2 &&
    v.data_offsets.every((n) => Number.isInteger(n) && n >= 0)
  );
}

/** Every float tensor of the file by name (other dtypes, e.g. GPT-2's bool mask buffers, skipped). */
export function readSafetensors(bytes: Uint8Array): Map<string, FloatTensor> {
  if (bytes.byteLength < 8) throw new Error('not a safetensors file: shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.byteLength - 8 || headerLength > 100e6) {
    throw new Error(`not a safetensors file: header length ${headerLength} does not fit`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw new Error('not a safetensors file: its header is not JSON', { cause: error });
  }
  if (typeof header !== 'object' || header === null)
    throw new Error('safetensors header is not an object');
  const start = 8 + headerLength;
  const out = new Map<string, FloatTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (!isEntry(entry)) throw new Error(`safetensors entry ${name} is malformed`);
    const size = BYTES[entry.dtype];
    if (size === undefined) continue;
    const [from, to] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (to - from !== count * size || start + to > bytes.byteLength) {
      throw new Error(`safetensors tensor ${name}: its byte range does not match its shape`);
    }
    // Copy (new Uint8Array of a view copies; Buffer#slice would not): the range may be unaligned.
    const raw = new Uint8Array(bytes.subarray(start + from, start + to));
    out.set(name, { dims: entry.shape, data: toFloat32(entry.dtype, raw.buffer) });
  }
  return out;
}

function toFloat32(dtype: string, buffer: ArrayBuffer): Float32Array {
  if (dtype === 'F32') return new Float32Array(buffer);
  if (dtype === 'F16') return float16ToFloat32(new Uint16Array(buffer));
  // bfloat16 is the high half of a float32.
  const half = new Uint16Array(buffer);
  const wide = new Uint32Array(half.length);
  for (let i = 0; i < half.length; i++) wide[i] = half[i] << 16;
  return new Float32Array(wide.buffer);
}

/** Writes float32 tensors as .safetensors (for tests and for handing weights around). */
export function writeSafetensors(tensors: Map<string, FloatTensor>): Uint8Array {
  const header: Record<string, HeaderEntry> = {};
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = {
      dtype: 'F32',
      shape: t.dims,
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8); // data starts 8-byte aligned
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}
