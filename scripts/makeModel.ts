/**
 * Writes a generated GPT-2 model folder in the Hugging Face layout:
 *   public/models/<name>/config.json, generation_config.json, onnx/model.onnx (Hub interface),
 *   onnx/model_slots.onnx (the app's faster interface, same weights), onnx/model_slots_quantized.onnx
 *   (the same with 8-bit weights), onnx/model_inspect.onnx (no cache; attention
 *   probabilities and the logit lens, see onnx/inspectGraph.ts), .stepwise-version
 * and, for each, a draft model for speculative decoding derived from the same weights
 * (`<name>-draft`: its first layers, the same embeddings, final norm and tokenizer; the Hub and
 * slots files only, which are all a draft needs).
 * Usage: tsx scripts/makeModel.ts tiny-gpt2|gpt2-shaped|tiny-gpt2-draft|gpt2-shaped-draft [--out DIR]
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelConfigJson, type ModelShape } from '../src/engine/modelShape';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../src/engine/modelCatalog';
import { appFileBytes, BUILT_FILES, type AppFile } from '../src/engine/build/appFiles';
import { GPT2_WRITER_VERSION, type Gpt2Weights } from '../src/engine/build/gpt2Graph';
import { WEIGHTS_VERSION, makeWeights } from '../src/engine/build/tinyWeights';
import { DRAFTS, RECIPES, isWritableName, type DraftName, type WritableName } from './modelRecipes';

export {
  DRAFTS,
  RECIPES,
  isModelName,
  isWritableName,
  type DraftName,
  type ModelName,
  type Recipe,
  type WritableName,
} from './modelRecipes';

const isDraft = (name: WritableName): name is DraftName => Object.hasOwn(DRAFTS, name);

export const DEFAULT_MODELS_DIR = resolve(
  fileURLToPath(new URL('../public/models', import.meta.url)),
);

/** Name of the stamp file; its content changes whenever the writer or the weights change. */
const STAMP_FILE = '.stepwise-version';
const modelStamp = (name: WritableName): string => {
  // A draft's recipe is part of its stamp: changing it rewrites the draft.
  const recipe = isDraft(name) ? ` ${DRAFTS[name].layers} ${DRAFTS[name].lastScale}` : '';
  return `${GPT2_WRITER_VERSION} ${WEIGHTS_VERSION} ${name}${recipe}\n`;
};

/** Writes via a temporary file and a rename, so readers never see a half-written file. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * The files written (paths inside the model folder): the Hub interface (what transformers.js and
 * Hub files speak), and what the browser build makes too: the app's faster slots interface (which
 * the app picks when both are there), its 8-bit weights, and the inspection file.
 */
const MODEL_FILES: readonly AppFile[] = [HF_MODEL_FILE, ...BUILT_FILES];
/** A draft is only ever stepped and rolled back: the Hub and slots files do. */
const DRAFT_FILES: readonly AppFile[] = [HF_MODEL_FILE, SLOTS_MODEL_FILE];

const filesOf = (name: WritableName): readonly AppFile[] =>
  isDraft(name) ? DRAFT_FILES : MODEL_FILES;

/** The shape and weights of `name`: a recipe's, or a draft cut from its base's. */
function shapeAndWeights(name: WritableName): { shape: ModelShape; weights: Gpt2Weights } {
  if (!isDraft(name)) {
    const { shape, seed, scales } = RECIPES[name];
    return { shape, weights: makeWeights(shape, seed, scales) };
  }
  const { base, layers, lastScale } = DRAFTS[name];
  const whole = shapeAndWeights(base);
  const kept = whole.weights.layers.slice(0, layers);
  const last = kept[layers - 1];
  const scaled = (values: Float32Array): Float32Array => values.map((v) => v * lastScale);
  kept[layers - 1] = {
    ...last,
    attnProjW: scaled(last.attnProjW),
    attnProjB: scaled(last.attnProjB),
    mlpProjW: scaled(last.mlpProjW),
    mlpProjB: scaled(last.mlpProjB),
  };
  return { shape: { ...whole.shape, layers }, weights: { ...whole.weights, layers: kept } };
}

/** Whether `dir` holds every file of `name` as the current writer and weights make them. */
export function modelUpToDate(dir: string, name: WritableName): boolean {
  const files = ['config.json', ...filesOf(name)];
  if (!files.every((file) => existsSync(join(dir, file)))) return false;
  try {
    return readFileSync(join(dir, STAMP_FILE), 'utf8') === modelStamp(name);
  } catch {
    return false; // no stamp: written by hand or interrupted
  }
}

export interface WriteResult {
  dir: string;
  bytes: number;
  ms: number;
}

export function writeModel(name: WritableName, modelsDir = DEFAULT_MODELS_DIR): WriteResult {
  const started = performance.now();
  const { shape, weights } = shapeAndWeights(name);
  const dir = join(modelsDir, name);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  // The stamp goes first (removed) and last (written): an interrupted run leaves no valid stamp.
  rmSync(join(dir, STAMP_FILE), { force: true });
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  writeAtomic(join(dir, 'config.json'), json(modelConfigJson(shape)));
  writeAtomic(
    join(dir, 'generation_config.json'),
    json({ bos_token_id: shape.eosTokenId, eos_token_id: shape.eosTokenId }),
  );
  let bytes = 0;
  for (const file of filesOf(name)) {
    const model = appFileBytes(file, shape, weights);
    writeAtomic(join(dir, file), model);
    bytes += model.byteLength;
  }
  writeAtomic(join(dir, STAMP_FILE), modelStamp(name));
  return { dir, bytes, ms: performance.now() - started };
}

function main(argv: string[]): void {
  const [name, ...rest] = argv;
  if (name === undefined || !isWritableName(name)) {
    const names = [...Object.keys(RECIPES), ...Object.keys(DRAFTS)].join('|');
    console.error(`usage: tsx scripts/makeModel.ts ${names} [--out DIR]`);
    process.exit(2);
  }
  let modelsDir = DEFAULT_MODELS_DIR;
  const outAt = rest.indexOf('--out');
  if (outAt >= 0) {
    const out = rest[outAt + 1];
    if (out === undefined) throw new Error('--out needs a directory');
    modelsDir = resolve(out);
  }
  const result = writeModel(name, modelsDir);
  const mb = (result.bytes / 1e6).toFixed(1);
  console.log(`${name}: ${mb} MB in ${(result.ms / 1000).toFixed(1)} s → ${result.dir}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
