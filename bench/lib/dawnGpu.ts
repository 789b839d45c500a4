/**
 * Dawn — the WebGPU implementation inside Chromium — from the optional `webgpu` package, installed
 * as Node's `navigator.gpu` so that onnxruntime-web's WebGPU builds run outside a browser. Node
 * only: the app never runs this.
 */

/** The little of WebGPU this script touches (the project has no WebGPU type package). */
export interface DawnAdapter {
  info: { vendor: string; architecture: string; device: string; description: string };
}
interface DawnGpu {
  requestAdapter(options?: { powerPreference?: string }): Promise<DawnAdapter | null>;
}
interface DawnModule {
  create(flags: string[]): DawnGpu;
  globals: Record<string, unknown>;
}

type WriteBuffer = (
  this: unknown,
  buffer: unknown,
  offset: number,
  data: unknown,
  ...rest: number[]
) => void;

/** What the copies below cost, so that the report can tell them apart from the runtime's time. */
export const shimCopies = { bytes: 0, ms: 0 };

/**
 * onnxruntime-web's threaded build keeps its memory in a SharedArrayBuffer and uploads views of
 * it; Chromium's writeBuffer takes those, dawn.node's does not ("no overload matched"). Such a
 * view is copied into an ordinary buffer first (Node only: the app never runs this).
 */
function allowSharedUploads(queueClass: unknown): void {
  const proto = (queueClass as { prototype?: { writeBuffer?: WriteBuffer } } | undefined)
    ?.prototype;
  const original = proto?.writeBuffer;
  if (!proto || !original) return;
  proto.writeBuffer = function (buffer, offset, data, dataOffset = 0, size?: number) {
    // onnxruntime passes the whole SharedArrayBuffer with a byte offset and length.
    if (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer) {
      const t0 = performance.now();
      const bytes = new Uint8Array(data, dataOffset, size ?? data.byteLength - dataOffset).slice();
      shimCopies.ms += performance.now() - t0;
      shimCopies.bytes += bytes.byteLength;
      return original.call(this, buffer, offset, bytes, 0, bytes.byteLength);
    }
    const view = ArrayBuffer.isView(data) && !(data instanceof DataView) ? data : null;
    if (
      view &&
      typeof SharedArrayBuffer !== 'undefined' &&
      view.buffer instanceof SharedArrayBuffer
    ) {
      const t0 = performance.now();
      const copy = (view as Uint8Array).slice();
      shimCopies.ms += performance.now() - t0;
      shimCopies.bytes += copy.byteLength;
      return original.call(
        this,
        buffer,
        offset,
        copy,
        dataOffset,
        ...(size === undefined ? [] : [size]),
      );
    }
    return original.call(
      this,
      buffer,
      offset,
      data,
      dataOffset,
      ...(size === undefined ? [] : [size]),
    );
  };
}

/** Dawn as `navigator.gpu`, with WebGPU's global constants (GPUBufferUsage, …) beside it. */
export async function installDawn(): Promise<DawnAdapter> {
  const specifier = 'webgpu'; // optional: not a dependency of the project (100 MB of binaries)
  let dawn: DawnModule;
  try {
    dawn = (await import(specifier)) as DawnModule;
  } catch (error) {
    throw new Error(`the webgpu package is missing: npm install --no-save webgpu (${error})`, {
      cause: error,
    });
  }
  Object.assign(globalThis, dawn.globals);
  allowSharedUploads(dawn.globals.GPUQueue);
  const gpu = dawn.create([]);
  // Node 20 has no navigator; later versions have one without `gpu`.
  const navigator = { ...(globalThis.navigator ?? {}), gpu };
  Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('Dawn found no WebGPU adapter (no Vulkan driver?)');
  return adapter;
}
