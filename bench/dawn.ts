/**
 * WebGPU on a real GPU where no browser runs (a GPU server): the app's engine (KvCacheDecoder,
 * Generation, decide) on onnxruntime-web's WebGPU builds in Node, with Dawn — the WebGPU
 * implementation inside Chromium — from the `webgpu` package as `navigator.gpu`. On a desktop,
 * `npm run bench` measures WebGPU in Chromium itself; this is for machines that have the GPU and
 * not the browser. Beside it, in the same process and on the same files, onnxruntime-web's WASM.
 *
 * A contender is backend:variant[+gpu-cache][@jsep] (bench/lib/dawnArgs.ts; variant: slots, hf
 * or q8, see bench/shared/protocol.ts); `+gpu-cache` keeps the Hub interface's `present.*`
 * outputs in GPU buffers, fed back as the next past: what the app does on WebGPU
 * (src/worker/sessionOptions.ts, forBackend in src/engine/modelCatalog.ts). WebGPU runs on the
 * build the app uses (`onnxruntime-web/webgpu`, the native WebGPU execution provider), or with
 * `@jsep` on the package's default build, whose WebGPU kernels are JavaScript (JSEP); WASM on the
 * app's plain build. `npm run bench:dawn -- --help` lists the flags.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KvCacheDecoder } from '../src/engine/decoder';
import { parseModelConfig } from '../src/engine/modelShape';
import { sessionOptions } from '../src/worker/sessionOptions';
import { runMain } from './lib/cli';
import { DAWN_USAGE, contenderLabel, parseDawnArgs, type DawnContender } from './lib/dawnArgs';
import { installDawn, shimCopies } from './lib/dawnGpu';
import { dawnTable, greedySummary, type DawnResult } from './lib/dawnReport';
import { makePlan } from './lib/plan';
import { webBuild } from './lib/webBuilds';
import { measureEngine, stampRuns } from './shared/measure';
import { VARIANT_FILES, type EngineFigures, type MeasurePlan } from './shared/protocol';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The engine plan of `npm run bench`, less the contexts a smaller model cannot read. */
function planFor(quick: boolean, context: number): MeasurePlan {
  const full = makePlan(quick).engine;
  const fits = (n: number): boolean => n < context;
  return { ...full, prefill: full.prefill.filter(fits), contexts: full.contexts.filter(fits) };
}

async function measure(
  contender: DawnContender,
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
  const name = contenderLabel(contender);
  console.log(`${name}: session ${sessionMs} ms`);
  const marks = stampRuns(session);
  shimCopies.bytes = 0;
  shimCopies.ms = 0;
  const decoder = new KvCacheDecoder(session, shape, ort.Tensor);
  const plan = planFor(quick, shape.context);
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

async function main(argv: string[]): Promise<void> {
  const { modelDir, contenders, quick, threads, out } = parseDawnArgs(argv, ROOT);
  let adapter: Record<string, string> | null = null;
  if (contenders.some((c) => c.backend === 'webgpu')) {
    const { vendor, architecture, device, description } = (await installDawn()).info;
    adapter = { vendor, architecture, device, description };
    console.log(`adapter: ${JSON.stringify(adapter)}`);
  }
  const results: DawnResult[] = [];
  for (const contender of contenders) {
    try {
      results.push(await measure(contender, modelDir, quick, threads));
    } catch (error) {
      // One contender failing (a driver limit, say) still leaves the others' figures.
      const why = error instanceof Error ? error.stack : error;
      console.log(`${contenderLabel(contender)}: FAILED ${why}`);
    }
  }
  console.log(dawnTable(results));
  console.log(greedySummary(results));
  const report = { date: new Date().toISOString(), adapter, modelDir, results };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${out}`);
}

runMain(DAWN_USAGE, main);
