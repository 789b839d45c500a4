/**
 * A child process of `npm run bench` (bench/lib/llamaBench.ts): loads a Llama-family model file
 * and decodes on it, in a process of its own so that its peak memory is the model's and not the
 * bench's. Usage: tsx bench/lib/llamaChild.ts MODEL_DIR FILE wasm|native THREADS; prints one
 * JSON line (LlamaChildReport) last.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KvCacheDecoder } from '../../src/engine/decoder';
import { parseLlamaConfig } from '../../src/engine/llamaShape';

export interface LlamaChildReport {
  runtime: 'wasm' | 'native';
  threads: number;
  fileBytes: number;
  /** Session creation from the file's bytes in memory, ms. */
  sessionMs: number;
  /** The prompt's pass over 16 tokens, ms (median of 3). */
  prefill16Ms: number;
  /** Median decode step at each context length, ms. */
  stepMs: Record<string, number>;
  /** RSS before the file was read, and process.resourceUsage().maxRSS at the end, bytes. */
  baselineBytes: number;
  peakBytes: number;
}

const CONTEXTS = [16, 128];
const STEPS = 12;
const WARM_STEPS = 12;
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Token ids spread over the vocabulary, the same every run. */
const tokens = (count: number, vocab: number): number[] =>
  Array.from({ length: count }, (_, i) => (i * 7919 + 13) % vocab);

async function open(runtime: string, bytes: Uint8Array, threads: number) {
  if (runtime === 'wasm') {
    const web = await import('onnxruntime-web');
    web.env.wasm.numThreads = threads;
    web.env.logLevel = 'error';
    const session = await web.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    return { session, Tensor: web.Tensor };
  }
  const node = await import('onnxruntime-node');
  const session = await node.InferenceSession.create(bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  return { session, Tensor: node.Tensor };
}

async function main([modelDir, file, runtime, threadsText]: string[]): Promise<void> {
  if (!modelDir || !file || (runtime !== 'wasm' && runtime !== 'native') || !threadsText) {
    throw new Error('usage: tsx bench/lib/llamaChild.ts MODEL_DIR FILE wasm|native THREADS');
  }
  const threads = Number(threadsText);
  const shape = parseLlamaConfig(JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')));
  const baselineBytes = process.memoryUsage.rss();
  const bytes = new Uint8Array(readFileSync(join(modelDir, file)));
  const t0 = performance.now();
  const { session, Tensor } = await open(runtime, bytes, threads);
  const sessionMs = Math.round(performance.now() - t0);
  console.error(`${runtime} ${threads}t: session ${sessionMs} ms`);
  const decoder = new KvCacheDecoder(session, shape, Tensor);
  // WASM's code is first run unoptimised (tier-up), and the first runs lay out arenas: a prompt
  // and some steps, not counted, before anything is timed.
  await decoder.append(tokens(16, shape.vocab));
  for (let i = 0; i < WARM_STEPS; i++) await decoder.append([i + 1]);

  const prefills: number[] = [];
  for (let i = 0; i < 3; i++) {
    decoder.reset();
    const start = performance.now();
    await decoder.append(tokens(16, shape.vocab));
    prefills.push(performance.now() - start);
  }
  const stepMs: Record<string, number> = {};
  const filler = tokens(CONTEXTS[CONTEXTS.length - 1], shape.vocab);
  for (const context of CONTEXTS) {
    decoder.reset();
    await decoder.append(filler.slice(0, context - 1));
    await decoder.append([1]); // the first step after a prefill allocates; not counted
    const times: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      const start = performance.now();
      await decoder.append([(i * 31 + 5) % shape.vocab]);
      times.push(performance.now() - start);
    }
    stepMs[context] = round(median(times));
    console.error(`${runtime} ${threads}t: step @${context} ${stepMs[context]} ms`);
  }
  await session.release();
  const report: LlamaChildReport = {
    runtime,
    threads,
    fileBytes: bytes.length,
    sessionMs,
    prefill16Ms: round(median(prefills)),
    stepMs,
    baselineBytes,
    peakBytes: process.resourceUsage().maxRSS * 1024, // maxRSS is in kilobytes
  };
  console.log(JSON.stringify(report));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
