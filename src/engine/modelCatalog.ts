/**
 * Where models come from. A model is a Hugging Face ONNX folder: `config.json` plus one of
 * `onnx/model*.onnx`. It is served by the app (`public/models/<name>/`), downloaded from the
 * Hugging Face Hub (or a source serving the same files, see modelSources.ts), picked from the
 * user's own files, or built in the browser from a checkpoint's original weights
 * (src/engine/build/browserBuild.ts); the last two are kept in the browser's cache. The same code
 * loads all four.
 */
export type Precision = 'fp32' | 'fp16' | 'q8';

export interface ModelSpec {
  /** Stable id used in URLs (`?model=`), storage and exports, e.g. `tiny-gpt2`, `gpt2@hub:q8`. */
  id: string;
  /** Where the folder is: a path below the app's base URL, or an absolute Hub URL. */
  baseUrl: string;
  /**
   * Where the cache files the folder's entries when not under `baseUrl`: a Hub model downloaded
   * from a mirror or a teacher's server is filed under the Hub's URLs (the same files).
   */
  cacheBaseUrl?: string;
  /**
   * `files`: picked by the user and stored in the browser's cache, never fetched. `built`: made
   * in the browser from `weights` and stored in its cache, never fetched either.
   */
  origin: 'local' | 'hub' | 'files' | 'built';
  precision: Precision;
  /** Candidate model files, tried in order (the Hub renamed `decoder_model_merged` to `model`). */
  modelFiles: string[];
  /** Approximate download size in bytes, shown before the user commits to a download. */
  approxBytes: number;
  /** A tiny random-weight model: fine for offline use and tests, meaningless text. */
  synthetic: boolean;
  /** A built model's original weights: the folder holding `config.json` and `model.safetensors`. */
  weights?: WeightsSource;
}

export interface WeightsSource {
  /** Where the checkpoint is downloaded from (the Hub's folder, or a mirror's or server's). */
  baseUrl: string;
  /** Where the cache files the downloads when not under `baseUrl`: the Hub's URLs, as for Hub models. */
  cacheBaseUrl?: string;
}

const HUB_BASE = 'https://huggingface.co';
export const HUB_REPO = 'Xenova/gpt2';

/** The Hub export's file, and the app's own faster file for the same weights (slots interface). */
export const HF_MODEL_FILE = 'onnx/model.onnx';
export const SLOTS_MODEL_FILE = 'onnx/model_slots.onnx';
export const SLOTS_Q8_FILE = 'onnx/model_slots_quantized.onnx';

/**
 * Local folders may hold the app's slots files (written by `npm run models:*` / `models:export`);
 * they come first. Hub folders never do, so Hub downloads are not sent looking for them.
 */
const LOCAL_FIRST: Partial<Record<Precision, string[]>> = {
  fp32: [SLOTS_MODEL_FILE],
  q8: [SLOTS_Q8_FILE],
};

const FILES: Record<Precision, string[]> = {
  fp32: [HF_MODEL_FILE, 'onnx/decoder_model_merged.onnx'],
  fp16: ['onnx/model_fp16.onnx', 'onnx/decoder_model_merged_fp16.onnx'],
  q8: ['onnx/model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx'],
};

const HUB_BYTES: Record<Precision, number> = { fp32: 654e6, fp16: 328e6, q8: 166e6 };
/** The app's own files (writer or `models:export`): fp32 498 MB, q8 128 MB for GPT-2 small. */
const LOCAL_BYTES: Record<Precision, number> = { fp32: 498e6, fp16: 249e6, q8: 128e6 };
const TINY_BYTES: Record<Precision, number> = { fp32: 13e6, fp16: 7e6, q8: 4e6 };
/**
 * gpt2-shaped-draft: one block of gpt2-shaped's twelve with all of its embeddings, 186 MB in
 * float32 (the only precision the writer makes of a draft; the others scaled alike).
 */
const SHAPED_DRAFT_BYTES: Record<Precision, number> = { fp32: 186e6, fp16: 93e6, q8: 47e6 };

/** A site folder's download size: the tiny ones, the cut-down draft, else GPT-2 small's. */
function localBytes(name: string, precision: Precision): number {
  // tiny-gpt2 and its derived draft (tiny-gpt2-draft) are the small ones.
  if (name.startsWith('tiny-gpt2')) return TINY_BYTES[precision];
  if (name === 'gpt2-shaped-draft') return SHAPED_DRAFT_BYTES[precision];
  return LOCAL_BYTES[precision];
}

export function localModel(name: string, precision: Precision = 'fp32'): ModelSpec {
  return {
    id: precision === 'fp32' ? name : `${name}:${precision}`,
    baseUrl: `models/${name}/`,
    origin: 'local',
    precision,
    modelFiles: [...(LOCAL_FIRST[precision] ?? []), ...FILES[precision]],
    approxBytes: localBytes(name, precision),
    synthetic: name !== 'gpt2',
  };
}

export function hubModel(repo: string = HUB_REPO, precision: Precision = 'fp32'): ModelSpec {
  return {
    id: `${repo}@hub${precision === 'fp32' ? '' : `:${precision}`}`,
    baseUrl: `${HUB_BASE}/${repo}/resolve/main/`,
    origin: 'hub',
    precision,
    modelFiles: FILES[precision],
    approxBytes: HUB_BYTES[precision],
    synthetic: false,
  };
}

/**
 * Where picked files are filed in Cache Storage: a reserved name (`.invalid` never resolves), so
 * no network request can ever answer for them.
 */
export const FILES_BASE = 'https://files.stepwise.invalid/';
/** A picked model's ONNX file, whatever its name was on disk. */
export const PICKED_MODEL_FILE = 'model.onnx';

/** A model the user loaded from files (see pickedModel.ts); `name` is made of `[\w.-]`. */
export function filesModel(name: string, precision: Precision = 'fp32'): ModelSpec {
  const id = `${name}@files${precision === 'fp32' ? '' : `:${precision}`}`;
  return {
    id,
    // One folder per id: the cache's keys give the picked models back (modelAvailability.ts).
    baseUrl: `${FILES_BASE}${encodeURIComponent(id)}/`,
    origin: 'files',
    precision,
    modelFiles: [PICKED_MODEL_FILE],
    // Only the backend choice reads this (WebGPU pays off from ~100 MB): GPT-2 small's size.
    approxBytes: LOCAL_BYTES[precision],
    synthetic: false,
  };
}

/**
 * The spec with its files in the order a backend should try them. WASM reads the app's slots
 * files first: their cache stays in JS buffers that the runtime reads in place. WebGPU reads the
 * Hub interface first, whose `present.*` outputs can stay in GPU buffers and go straight back in
 * as the next step's past (see sessionOptions.ts); the slots interface would upload the whole
 * cache every step. Measured through Dawn on a GPU (`npm run bench:dawn`, GPT-2-sized), the Hub
 * file with its cache on the GPU beat both the slots file and the Hub file with its cache read
 * back, by more as the context grows: bench/README.md, "WebGPU on a real GPU".
 */
export function forBackend(spec: ModelSpec, backend: 'wasm' | 'webgpu'): ModelSpec {
  // 8-bit products have no WebGPU kernel and run on the CPU whichever the interface (the q8 slots
  // file was slower than float32 there, bench/README.md); only that file was measured, so q8
  // keeps its order.
  if (backend === 'wasm' || spec.precision === 'q8') return spec;
  const slots = new Set(Object.values(LOCAL_FIRST).flat());
  const hubInterface = spec.modelFiles.filter((file) => !slots.has(file));
  const slotsFiles = spec.modelFiles.filter((file) => slots.has(file));
  return { ...spec, modelFiles: [...hubInterface, ...slotsFiles] };
}

/**
 * Where built models are filed in Cache Storage: a reserved name (`.invalid` never resolves), so
 * no network request can ever answer for them.
 */
export const BUILT_BASE = 'https://built.stepwise.invalid/';
/** The checkpoint file a build reads: the Hub's original weights of a GPT-2-family model. */
export const WEIGHTS_FILE = 'model.safetensors';
/** The repos offered for a build (any GPT-2-family repo with a model.safetensors would do). */
export const BUILT_REPOS = ['openai-community/gpt2', 'distilbert/distilgpt2'] as const;
/** Their model.safetensors sizes (what the build downloads); GPT-2 small's for any other repo. */
const WEIGHTS_BYTES: Record<string, number> = {
  'openai-community/gpt2': 548e6,
  'distilbert/distilgpt2': 353e6,
};

/**
 * A model built in this browser from `repo`'s original weights (the same files as `npm run
 * models:export` writes, see src/engine/build/appFiles.ts). Both precisions share one folder:
 * one build makes every file.
 */
export function builtModel(repo: string, precision: 'fp32' | 'q8' = 'fp32'): ModelSpec {
  return {
    id: `${repo}@built${precision === 'fp32' ? '' : `:${precision}`}`,
    baseUrl: `${BUILT_BASE}${repo}/`,
    origin: 'built',
    precision,
    modelFiles: [precision === 'q8' ? SLOTS_Q8_FILE : SLOTS_MODEL_FILE],
    approxBytes: WEIGHTS_BYTES[repo] ?? WEIGHTS_BYTES['openai-community/gpt2'],
    synthetic: false,
    weights: { baseUrl: `${HUB_BASE}/${repo}/resolve/main/` },
  };
}

/**
 * Parses an id made by `localModel`/`hubModel`/`filesModel`/`builtModel` into a spec; null when it
 * is none.
 */
export function modelFromId(id: string): ModelSpec | null {
  const built = /^([\w.-]+\/[\w.-]+)@built(?::(q8))?$/.exec(id);
  if (built) return builtModel(built[1], built[2] === 'q8' ? 'q8' : 'fp32');
  const hub = /^([\w.-]+\/[\w.-]+)@hub(?::(fp16|q8))?$/.exec(id);
  if (hub) return hubModel(hub[1], (hub[2] as Precision | undefined) ?? 'fp32');
  const files = /^([\w.-]+)@files(?::(fp16|q8))?$/.exec(id);
  if (files) return filesModel(files[1], (files[2] as Precision | undefined) ?? 'fp32');
  const local = /^([\w.-]+)(?::(fp16|q8))?$/.exec(id);
  if (local) return localModel(local[1], (local[2] as Precision | undefined) ?? 'fp32');
  return null;
}
