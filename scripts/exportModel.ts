/**
 * Writes the app's fast files for the real GPT-2 from the Hub's original weights:
 *
 *   npm run models:export -- [--from DIR] [--repo openai-community/gpt2] [--out DIR] [--verify N]
 *
 * Reads config.json and model.safetensors (downloaded from the repo into --from when missing),
 * and writes onnx/model_slots.onnx (float32, the slots cache interface) and
 * onnx/model_slots_quantized.onnx (8-bit weights) into --out (default public/models/gpt2), where
 * the app prefers them over the Hub's ONNX export on WASM, and onnx/model_inspect.onnx (the
 * inspection pass's file); the same files, byte for byte, as the browser builds from the same
 * weights (src/engine/build/appFiles.ts). Also onnx/model.onnx (the Hub interface,
 * float32) unless the folder has one already (the Hub's own, say): WebGPU reads that interface,
 * whose cache can stay on the GPU (forBackend in src/engine/modelCatalog.ts). Then checks each
 * float32 file written: N greedy tokens from "Once upon a time" must equal those of the float64
 * reference forward pass.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HF_MODEL_FILE, hubModel, SLOTS_Q8_FILE } from '../src/engine/modelCatalog';
import { resolveModelUrl } from '../src/engine/modelFiles';
import { parseModelConfig, type ModelShape } from '../src/engine/modelShape';
import { referenceLogits } from '../src/engine/reference/gpt2Reference';
import { topIndices } from '../src/engine/topK';
import { downloadFile, progressPrinter, type DownloadHooks } from './fetchModel';
import { writeAtomic } from './makeModel';
import { loadNodeModel } from './nodeModel';
import { appFileBytes, BUILT_FILES, type AppFile } from '../src/engine/build/appFiles';
import type { Gpt2Weights } from '../src/engine/build/gpt2Graph';
import { gpt2WeightsFromSafetensors } from '../src/engine/build/hubWeights';
import { INSPECT_MODEL_FILE } from '../src/engine/inspect';
import { errorMessage } from '../src/engine/errorMessage';

export const DEFAULT_REPO = 'openai-community/gpt2';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** "Once upon a time" in GPT-2's vocabulary. */
const PROMPT = [7454, 2402, 257, 640];

export interface ExportOptions extends DownloadHooks {
  /** Folder holding (or receiving) config.json and model.safetensors. */
  source: string;
  repo: string;
  outDir: string;
  /** Greedy tokens to compare with the reference pass; 0 skips the check. */
  verifySteps: number;
}

export interface ExportResult {
  files: string[];
  /** The float32 file's greedy tokens, equal to the reference pass's (empty when not checked). */
  greedy: number[];
}

/** Greedy tokens of the float64 reference pass (the whole sequence again each step: slow, exact). */
export function referenceGreedy(shape: ModelShape, w: Gpt2Weights, steps: number): number[] {
  const ids = [...PROMPT];
  for (let s = 0; s < steps; s++) {
    const rows = referenceLogits(shape, w, ids);
    ids.push(topIndices(rows[rows.length - 1], 1)[0]);
  }
  return ids.slice(PROMPT.length);
}

async function ensureSource(o: ExportOptions): Promise<void> {
  mkdirSync(o.source, { recursive: true });
  for (const file of ['config.json', 'model.safetensors']) {
    if (existsSync(join(o.source, file))) continue;
    const url = resolveModelUrl(hubModel(o.repo), file);
    o.log?.(`${file}: downloading from ${url}`);
    const outcome = await downloadFile(url, join(o.source, file), file, o);
    if (outcome.kind === 'missing') throw new Error(`${url} does not exist (404)`);
  }
}

export async function exportModel(o: ExportOptions): Promise<ExportResult> {
  await ensureSource(o);
  const config: unknown = JSON.parse(readFileSync(join(o.source, 'config.json'), 'utf8'));
  const shape = parseModelConfig(config);
  const weights = gpt2WeightsFromSafetensors(
    readFileSync(join(o.source, 'model.safetensors')),
    shape,
  );
  mkdirSync(join(o.outDir, 'onnx'), { recursive: true });
  for (const file of ['config.json', 'generation_config.json']) {
    const from = join(o.source, file);
    if (existsSync(from) && !existsSync(join(o.outDir, file)))
      copyFileSync(from, join(o.outDir, file));
  }
  const files: string[] = [];
  // The browser build's files, then the Hub interface unless the folder has one already.
  const hubInterface: AppFile[] = existsSync(join(o.outDir, HF_MODEL_FILE)) ? [] : [HF_MODEL_FILE];
  for (const file of [...BUILT_FILES, ...hubInterface]) {
    const bytes = appFileBytes(file, shape, weights);
    writeAtomic(join(o.outDir, file), bytes);
    files.push(file);
    o.log?.(`${file}: ${(bytes.byteLength / 1e6).toFixed(1)} MB`);
  }
  if (o.verifySteps <= 0) return { files, greedy: [] };

  // Every float32 file written is checked: the slots file (WASM) and the Hub-interface one (WebGPU).
  const expected = referenceGreedy(shape, weights, o.verifySteps);
  let greedy: number[] = [];
  for (const file of files.filter((f) => f !== SLOTS_Q8_FILE && f !== INSPECT_MODEL_FILE)) {
    greedy = await greedyOf(o.outDir, file, o.verifySteps);
    if (greedy.join() !== expected.join()) {
      throw new Error(
        `${file}: the exported file's greedy tokens ${greedy} differ from the reference pass's ${expected}`,
      );
    }
    o.log?.(
      `greedy check (${file}): ${o.verifySteps} tokens equal the reference pass (${greedy.join(' ')})`,
    );
  }
  return { files, greedy };
}

/** `steps` greedy tokens from PROMPT through `file` of `dir` on onnxruntime-node. */
async function greedyOf(dir: string, file: string, steps: number): Promise<number[]> {
  const model = await loadNodeModel(dir, file);
  try {
    const greedy: number[] = [];
    let result = await model.decoder.append(PROMPT);
    for (let s = 0; s < steps; s++) {
      const next = topIndices(result.logits, 1)[0];
      greedy.push(next);
      if (s + 1 < steps) result = await model.decoder.append([next]);
    }
    return greedy;
  } finally {
    await model.session.release();
  }
}

export const USAGE =
  'usage: npm run models:export -- [--from DIR] [--repo OWNER/NAME] [--out DIR] [--verify N]';

export async function runExportCli(argv: readonly string[]): Promise<number> {
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        repo: { type: 'string', default: DEFAULT_REPO },
        out: { type: 'string', default: join(ROOT, 'public', 'models', 'gpt2') },
        verify: { type: 'string', default: '8' },
      },
    }));
  } catch (error) {
    say(`error: ${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  const verifySteps = Number(values.verify);
  if (!Number.isInteger(verifySteps) || verifySteps < 0) {
    say(`error: --verify must be a whole number ≥ 0\n${USAGE}`);
    return 2;
  }
  const source =
    values.from ?? join(ROOT, 'node_modules', '.cache', 'stepwise', values.repo.replace('/', '--'));
  try {
    await exportModel({
      source: resolve(source),
      repo: values.repo,
      outDir: resolve(values.out),
      verifySteps,
      onProgress: progressPrinter(process.stderr),
      log: say,
    });
    return 0;
  } catch (error) {
    say(`error: ${errorMessage(error)}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runExportCli(process.argv.slice(2));
}
