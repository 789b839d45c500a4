/**
 * Writes public/models/qwen-shaped/: Qwen2.5-0.5B's shape (QWEN25_05B) with seeded random
 * weights, in the Hub layout the app downloads: config.json and onnx/model_quantized.onnx (8-bit:
 * the file the app offers for a model of this size, hubFiles.ts; the float32 one would be 2 GB).
 * What `npm run bench -- --only=llama` measures a 0.5B-class model on. Skips the write when the
 * folder is already up to date (its .stepwise-version stamp).
 * Usage: tsx scripts/makeQwenShaped.ts [--out DIR]
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LLAMA_WRITER_VERSION, buildLlamaModel } from '../src/engine/build/llamaGraph';
import { makeLlamaWeights, type LlamaScales } from '../src/engine/build/llamaWeights';
import { QWEN25_05B, llamaConfigJson } from '../src/engine/llamaShape';

export const QWEN_SHAPED = 'qwen-shaped';
export const QWEN_SHAPED_FILE = 'onnx/model_quantized.onnx';
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const STAMP_FILE = '.stepwise-version';
const SEED = 7;
/** Hugging Face's Qwen2 initialisation (normal, std 0.02), norm gains at 1: timing needs no more. */
const SCALES: LlamaScales = {
  embed: 0.02,
  attn: 0.02,
  mlp: 0.02,
  bias: 0.02,
  normSpread: 0,
  head: 0.02,
};
const STAMP = `${LLAMA_WRITER_VERSION} ${QWEN_SHAPED} q8 seed ${SEED}`;

/** The folder's path, written first when missing or stale. */
export function ensureQwenShaped(out = join(ROOT, 'public', 'models', QWEN_SHAPED)): string {
  const stampPath = join(out, STAMP_FILE);
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === STAMP) return out;
  const started = Date.now();
  const weights = makeLlamaWeights(QWEN25_05B, SEED, SCALES);
  const bytes = buildLlamaModel(QWEN25_05B, weights, 'q8');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'onnx'), { recursive: true });
  // Written beside, then renamed: an interrupted write never leaves a file that looks whole.
  const tmp = join(out, `${QWEN_SHAPED_FILE}.tmp`);
  writeFileSync(tmp, bytes);
  renameSync(tmp, join(out, QWEN_SHAPED_FILE));
  writeFileSync(
    join(out, 'config.json'),
    `${JSON.stringify(llamaConfigJson(QWEN25_05B), null, 2)}\n`,
  );
  writeFileSync(stampPath, `${STAMP}\n`);
  const mb = (bytes.length / 1e6).toFixed(0);
  console.log(`wrote ${out} (${mb} MB) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  ensureQwenShaped(values.out ? resolve(values.out) : undefined);
}
