/**
 * WebGPU on a real GPU where no browser runs (a GPU server): the app's engine (KvCacheDecoder,
 * Generation, decide) on onnxruntime-web's WebGPU builds in Node, with Dawn — the WebGPU
 * implementation inside Chromium — from the `webgpu` package as `navigator.gpu`. On a desktop,
 * `npm run bench` measures WebGPU in Chromium itself; this is for machines that have the GPU and
 * not the browser. Beside it, in the same process and on the same files, onnxruntime-web's WASM.
 *
 * Usage: npm install --no-save webgpu && npm run bench:dawn -- [--model DIR] [--quick]
 *        [--contenders webgpu:hf+gpu-cache,webgpu:hf+gpu-cache@jsep,wasm:slots] [--threads N]
 *        [--out FILE]
 * A contender is backend:variant[+gpu-cache][@jsep] (variant: slots, hf or q8, see
 * bench/shared/protocol.ts); `+gpu-cache` keeps the Hub interface's `present.*` outputs in GPU buffers,
 * fed back as the next past: what the app does on WebGPU (src/worker/sessionOptions.ts,
 * forBackend in src/engine/modelCatalog.ts). WebGPU runs on the build the app uses
 * (`onnxruntime-web/webgpu`, the native WebGPU execution provider), or with `@jsep` on the
 * package's default build, whose WebGPU kernels are JavaScript (JSEP); WASM on the app's plain
 * build. DIR defaults to public/models/gpt2-shaped (npm run models:gpt2-shaped writes it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as OrtModule from 'onnxruntime-web';
import { measureEngine, stampRuns } from './shared/measure';
import { VARIANT_FILES, type EngineFigures, type ModelVariant } from './shared/protocol';
import { KvCacheDecoder } from '../src/engine/decoder';
import { sessionOptions } from '../src/worker/sessionOptions';
import { parseModelConfig } from '../src/engine/modelShape';
import { makePlan } from './lib/plan';

type Ort = typeof OrtModule;

/** The little of WebGPU this script touches (the project has no WebGPU type package). */
interface DawnAdapter {
  info: { vendor: string; architecture: string; device: string; description: string };
}
interface DawnGpu {
  requestAdapter(options?: { powerPreference?: string }): Promise<DawnAdapter | null>;
}
interface DawnModule {
  create(flags: string[]): DawnGpu;
  globals: Record<string, unknown>;
}

/** onnxruntime-web's browser builds, by their file in the package's dist folder. */
const BUILD_FILES = { plain: 'ort.wasm.mjs', webgpu: 'ort.webgpu.mjs', jsep: 'ort.mjs' } as const;
type Build = keyof typeof BUILD_FILES;

interface Contender {
  backend: 'webgpu' | 'wasm';
  variant: ModelVariant;
  gpuCache: boolean;
  build: Build;
}

export interface DawnResult extends EngineFigures, Contender {
  sessionMs: number;
  /** CPU threads of the WASM runtime (the WebGPU session's CPU fallback kernels run on them). */
  threads: number;
}

const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

type WriteBuffer = (
  this: unknown,
  buffer: unknown,
  offset: number,
  data: unknown,
  ...rest: number[]
) => void;

/** What the copies below cost, so that the report can tell them apart from the runtime's time. */
const shimCopies = { bytes: 0, ms: 0 };

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
async function installDawn(): Promise<DawnAdapter> {
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

const builds = new Map<Build, Promise<Ort>>();

/**
 * One of onnxruntime-web's browser builds, imported once (Node resolves the package to its
 * WASM-only Node build, so a browser build is imported by its path), with `threads` threads.
 */
function webBuild(build: Build, threads: number): Promise<Ort> {
  let loading = builds.get(build);
  if (!loading) {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('onnxruntime-web'));
    loading = (import(pathToFileURL(join(dist, BUILD_FILES[build])).href) as Promise<Ort>).then(
      (ort) => {
        ort.env.logLevel = 'error';
        ort.env.wasm.numThreads = threads;
        return ort;
      },
    );
    builds.set(build, loading);
  }
  return loading;
}

const nameOf = (c: Contender): string =>
  `${c.backend} ${c.variant}${c.gpuCache ? ' gpu-cache' : ''}${c.build === 'jsep' ? ' jsep' : ''}`;

function parseContender(text: string): Contender {
  const [spec, buildName] = text.split('@');
  const [backend, rest = 'slots'] = spec.split(':');
  const [variant, option] = rest.split('+');
  if ((backend !== 'webgpu' && backend !== 'wasm') || !(variant in VARIANT_FILES)) {
    throw new Error(`not a contender: ${text} (backend:variant, e.g. webgpu:slots)`);
  }
  if (buildName !== undefined && (buildName !== 'jsep' || backend !== 'webgpu')) {
    throw new Error(`not a contender: ${text} (only WebGPU has another build: @jsep)`);
  }
  const build: Build =
    backend === 'wasm' ? 'plain' : (buildName ?? 'webgpu') === 'jsep' ? 'jsep' : 'webgpu';
  return { backend, variant: variant as ModelVariant, gpuCache: option === 'gpu-cache', build };
}

async function measure(
  contender: Contender,
  modelDir: string,
  quick: boolean,
  threads: number,
): Promise<DawnResult> {
  const { backend, variant, gpuCache } = contender;
  const ort = await webBuild(contender.build, threads);
  const shape = parseModelConfig(JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')));
  const bytes = new Uint8Array(readFileSync(join(modelDir, VARIANT_FILES[variant])));
  const t0 = performance.now();
  // The app's options (src/worker/sessionOptions.ts); `gpu-cache` off asks for the cache in JS.
  const options = sessionOptions(backend, shape);
  const session = await ort.InferenceSession.create(
    bytes,
    gpuCache ? options : { ...options, preferredOutputLocation: undefined },
  );
  const sessionMs = Math.round(performance.now() - t0);
  const name = nameOf(contender);
  console.log(`${name}: session ${sessionMs} ms`);
  const marks = stampRuns(session);
  shimCopies.bytes = 0;
  shimCopies.ms = 0;
  const decoder = new KvCacheDecoder(session, shape, ort.Tensor);
  const full = makePlan(quick).engine;
  // A smaller model (tiny-gpt2, to try the script) reads fewer positions than the plan's longest.
  const fits = (n: number): boolean => n < shape.context;
  const plan = {
    ...full,
    prefill: full.prefill.filter(fits),
    contexts: full.contexts.filter(fits),
  };
  let figures: EngineFigures;
  try {
    figures = await measureEngine(decoder, marks, plan, (line) => console.log(`${name}: ${line}`));
  } finally {
    // As the app unloads: the decoder's GPU buffers, then the session; also when it failed, so
    // that the next contender gets the GPU's memory back.
    decoder.dispose();
    await session.release();
  }
  const mb = (shimCopies.bytes / 2 ** 20).toFixed(0);
  console.log(
    `${name}: uploads copied out of shared memory: ${mb} MiB in ${shimCopies.ms.toFixed(0)} ms`,
  );
  return { ...contender, sessionMs, threads: ort.env.wasm.numThreads ?? 1, ...figures };
}

function table(results: DawnResult[]): string {
  const contexts = [...new Set(results.flatMap((r) => r.decode.map((d) => d.context)))];
  const head = ['contender', 'session ms', ...contexts.map((c) => `step @${c}`), 'prefill 128'];
  const rows = results.map((r) => [
    nameOf(r),
    String(r.sessionMs),
    ...contexts.map((c) => r.decode.find((d) => d.context === c)?.totalMs.toFixed(2) ?? ''),
    String(r.prefillMs['128'] ?? ''),
  ]);
  return [head, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const modelDir = resolve(arg('--model') ?? join(root, 'public/models/gpt2-shaped'));
  const contenders = (
    arg('--contenders') ??
    'webgpu:hf+gpu-cache,webgpu:hf+gpu-cache@jsep,webgpu:slots,webgpu:hf,wasm:slots'
  )
    .split(',')
    .map(parseContender);
  const quick = process.argv.includes('--quick');
  let adapterInfo: Record<string, string> | null = null;
  if (contenders.some((c) => c.backend === 'webgpu')) {
    const { vendor, architecture, device, description } = (await installDawn()).info;
    adapterInfo = { vendor, architecture, device, description };
    console.log(`adapter: ${JSON.stringify(adapterInfo)}`);
  }
  const threads = Number(arg('--threads') ?? 1);
  const results: DawnResult[] = [];
  for (const contender of contenders) {
    try {
      results.push(await measure(contender, modelDir, quick, threads));
    } catch (error) {
      // One contender failing (a driver limit, say) still leaves the others' figures.
      console.log(`${nameOf(contender)}: FAILED ${error instanceof Error ? error.stack : error}`);
    }
  }
  console.log(table(results));
  const greedy = new Set(results.map((r) => r.greedy16.join(' ')));
  console.log(
    greedy.size === 1 ? 'greedy tokens: the same everywhere' : 'greedy tokens DIFFER',
    results.map((r) => `${nameOf(r)}: ${r.greedy16.join(' ')}`).join('; '),
  );
  const out = arg('--out') ?? join(root, 'bench/dawn-results.json');
  const report = { date: new Date().toISOString(), adapter: adapterInfo, modelDir, results };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
