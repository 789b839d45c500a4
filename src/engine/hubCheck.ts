/**
 * The check a Hugging Face model id gets before anything large is downloaded: does the repo exist
 * and is it public, is it a decoder the engine computes (GPT-2 family; Llama family), which ONNX
 * files in the transformers.js layout does it have and how big are they, and will the chosen one
 * fit. Two small requests: the Hub's model API (`?blobs=true` lists every file with its size,
 * and says whether the repo is gated) and `config.json`. Pure: the caller passes `fetch`, so the
 * page, the CLI and the tests share it. The reasons a model is refused are data, worded by the
 * page in its language.
 */
import { parseLlamaConfig } from './llamaShape';
import type { Precision } from './modelCatalog';
import { parseModelConfig, type ModelShape } from './modelShape';
import { hubFilesOf, pickHubFile, type HubFile } from './hubFiles';

export type { HubFile } from './hubFiles';

/** Why a model id was refused, before any large download. */
export type HubRefusal =
  /** Not of the form `owner/name`. */
  | { kind: 'bad_id' }
  /** The Hub knows no such public repo (it answers the same for a private one). */
  | { kind: 'not_found' }
  /** Public but gated: its files need an account that accepted the terms. */
  | { kind: 'gated' }
  /** The Hub (or the mirror) could not be reached, or answered something unreadable. */
  | { kind: 'unreachable'; detail: string }
  /** An encoder or encoder–decoder model: it does not write text one token after another. */
  | { kind: 'encoder'; architecture: string }
  /** A decoder of an architecture the engine does not compute. */
  | { kind: 'architecture'; architecture: string }
  /** config.json holds what the architecture's engine cannot compute (the reason from the parser). */
  | { kind: 'config'; detail: string }
  /** No `onnx/model*.onnx` the app can load (none at all, or only ones split into external data). */
  | { kind: 'no_onnx'; external: boolean }
  /** A Llama-family model without `tokenizer.json`. */
  | { kind: 'no_tokenizer' }
  /** The smallest loadable file is larger than the browser can hold. */
  | { kind: 'too_big'; bytes: number; limit: number };

export type ModelFamily = 'gpt2' | 'llama';

export interface HubModelInfo {
  repo: string;
  family: ModelFamily;
  /** config.json's `model_type` (gpt2, llama, qwen2). */
  modelType: string;
  shape: ModelShape;
  /** Parameters the shape implies (embeddings counted once when tied). */
  parameters: number;
  /** Every loadable ONNX file, by precision. */
  files: HubFile[];
  /** The file the app would download: 8-bit for models over 300 M parameters, else float32. */
  chosen: HubFile;
  /** The small files that come with it (config, tokenizer), in bytes. */
  extraBytes: number;
}

export type HubCheck =
  { state: 'ok'; model: HubModelInfo } | { state: 'refused'; repo: string; refusal: HubRefusal };

export interface HubCheckOptions {
  fetch: typeof fetch;
  /** Where the API and files are: `https://huggingface.co` or a mirror serving the same paths. */
  origin: string;
  /** The most bytes one model file may have here (see `modelByteLimit`). */
  byteLimit: number;
}

/**
 * `owner/name`, as the Hub spells repo ids: letters, digits, `-`, `_` and `.`, each part starting
 * and ending with a letter or digit, and no `..` (so `../etc` is no id).
 */
const ID_PART = '[A-Za-z0-9](?:[\\w.-]*[A-Za-z0-9])?';
export const HUB_ID = new RegExp(`^(?!.*\\.\\.)${ID_PART}/${ID_PART}$`);

/**
 * onnxruntime-web reads a model from one ArrayBuffer inside a 32-bit WebAssembly heap (4 GiB), and
 * a protobuf message over 2 GiB cannot be parsed: files above 2 GiB are out whatever the device.
 * On a device that reports its memory (`navigator.deviceMemory`, GiB, capped at 8 by browsers),
 * a file may take a quarter of it: the download, its cached copy and the session's copy coexist.
 */
export function modelByteLimit(deviceMemoryGiB: number | undefined): number {
  const hard = 2 * 1024 ** 3;
  if (deviceMemoryGiB === undefined || !(deviceMemoryGiB > 0)) return hard;
  return Math.min(hard, (deviceMemoryGiB * 1024 ** 3) / 4);
}

/** Model types that never generate left to right (as config.json names them). */
const ENCODERS = new Set([
  'bert',
  'roberta',
  'distilbert',
  'albert',
  'electra',
  'deberta',
  'deberta-v2',
  'xlm-roberta',
  'mpnet',
  'vit',
  'clip',
  'whisper',
  't5',
  'mt5',
  'bart',
  'mbart',
  'marian',
  'pegasus',
  'wav2vec2',
]);

const FAMILIES: Record<string, ModelFamily> = { gpt2: 'gpt2', llama: 'llama', qwen2: 'llama' };

interface ApiInfo {
  gated: boolean;
  siblings: { path: string; bytes: number }[];
}

function readApi(json: unknown): ApiInfo | null {
  if (typeof json !== 'object' || json === null) return null;
  const { gated, siblings } = json as { gated?: unknown; siblings?: unknown };
  if (!Array.isArray(siblings)) return null;
  const files = siblings.flatMap((s: unknown) => {
    if (typeof s !== 'object' || s === null) return [];
    const { rfilename, size } = s as { rfilename?: unknown; size?: unknown };
    return typeof rfilename === 'string'
      ? [{ path: rfilename, bytes: typeof size === 'number' ? size : 0 }]
      : [];
  });
  return { gated: gated !== false && gated !== undefined, siblings: files };
}

/** Parameters of a GPT-2 or Llama shape, from its widths (biases and norms left out: <1 %). */
export function parameterCount(config: Record<string, unknown>, shape: ModelShape): number {
  const { width: d, layers, vocab } = shape;
  const kv = (shape.kvHeads ?? shape.heads) * (d / shape.heads);
  const ff = typeof config.intermediate_size === 'number' ? config.intermediate_size : 4 * d;
  const gated = FAMILIES[String(config.model_type)] === 'llama';
  const block = d * d + 2 * d * kv + d * d + (gated ? 3 : 2) * d * ff;
  const tied = config.tie_word_embeddings !== false;
  const positions = gated ? 0 : shape.context * d;
  return layers * block + vocab * d * (tied ? 1 : 2) + positions;
}

async function getJson(
  options: HubCheckOptions,
  url: string,
): Promise<{ status: number; json: unknown; gatedHeader: boolean }> {
  const response = await options.fetch(url);
  const gatedHeader = response.headers.get('x-error-code') === 'GatedRepo';
  if (!response.ok) return { status: response.status, json: null, gatedHeader };
  return { status: response.status, json: await response.json(), gatedHeader };
}

/** Checks `repo` on the Hub (or a mirror) without downloading any model file. */
export async function checkHubModel(repoText: string, options: HubCheckOptions): Promise<HubCheck> {
  const repo = repoText.trim();
  const refuse = (refusal: HubRefusal): HubCheck => ({ state: 'refused', repo, refusal });
  if (!HUB_ID.test(repo)) return refuse({ kind: 'bad_id' });
  let api: ApiInfo | null;
  let config: Record<string, unknown>;
  try {
    const info = await getJson(options, `${options.origin}/api/models/${repo}?blobs=true`);
    if (info.gatedHeader) return refuse({ kind: 'gated' });
    if (info.status === 401 || info.status === 403 || info.status === 404) {
      return refuse({ kind: 'not_found' });
    }
    api = readApi(info.json);
    if (!api) return refuse({ kind: 'unreachable', detail: `model API: HTTP ${info.status}` });
    if (api.gated) return refuse({ kind: 'gated' });
    const file = await getJson(options, `${options.origin}/${repo}/resolve/main/config.json`);
    if (file.gatedHeader || file.status === 401 || file.status === 403) {
      return refuse({ kind: 'gated' });
    }
    if (typeof file.json !== 'object' || file.json === null || Array.isArray(file.json)) {
      return refuse({ kind: 'unreachable', detail: `config.json: HTTP ${file.status}` });
    }
    config = file.json as Record<string, unknown>;
  } catch (error) {
    return refuse({ kind: 'unreachable', detail: (error as Error).message });
  }

  const modelType = typeof config.model_type === 'string' ? config.model_type : 'unknown';
  const architectures = Array.isArray(config.architectures) ? config.architectures : [];
  const architecture = typeof architectures[0] === 'string' ? architectures[0] : modelType;
  if (ENCODERS.has(modelType) || config.is_encoder_decoder === true) {
    return refuse({ kind: 'encoder', architecture });
  }
  const family = FAMILIES[modelType];
  if (!family) return refuse({ kind: 'architecture', architecture });
  let shape: ModelShape;
  try {
    shape = family === 'llama' ? parseLlamaConfig(config) : parseModelConfig(config);
  } catch (error) {
    return refuse({ kind: 'config', detail: (error as Error).message });
  }
  const paths = new Set(api.siblings.map((s) => s.path));
  if (family === 'llama' && !paths.has('tokenizer.json')) return refuse({ kind: 'no_tokenizer' });

  const { files, external } = hubFilesOf(api.siblings);
  if (files.length === 0) return refuse({ kind: 'no_onnx', external });
  const parameters = parameterCount(config, shape);
  const chosen = pickHubFile(files, parameters, options.byteLimit);
  if (!chosen) {
    const smallest = Math.min(...files.map((f) => f.bytes));
    return refuse({ kind: 'too_big', bytes: smallest, limit: options.byteLimit });
  }
  const small = [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    'generation_config.json',
  ];
  const extraBytes = api.siblings
    .filter((s) => small.includes(s.path))
    .reduce((sum, s) => sum + s.bytes, 0);
  return {
    state: 'ok',
    model: { repo, family, modelType, shape, parameters, files, chosen, extraBytes },
  };
}

/** The precision a catalogue id (`repo@hub:q8`) names for a checked file. */
export const hubIdFor = (repo: string, precision: Precision): string =>
  `${repo}@hub${precision === 'fp32' ? '' : `:${precision}`}`;
