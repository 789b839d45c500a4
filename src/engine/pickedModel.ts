/**
 * A model from the user's own files (a model folder copied from a USB stick): which of the picked
 * files are its `config.json`, its ONNX file and its optional `generation_config.json`, whether
 * the config is a GPT-2 the app can read, and the name the model is kept under. Pure: the store
 * reads the files (modelFilesImport.ts) and the browser's cache keeps them.
 */
import { filesModel, type ModelSpec, type Precision } from './modelCatalog';
import { parseModelConfig, type ModelShape } from './modelShape';
import { TOKENIZER_VOCAB } from './tokenizer';

/** What the picker tells of a file: its name and, inside a picked or dropped folder, its path. */
export interface PickedName {
  name: string;
  /** `folder/onnx/model.onnx` for a file inside a folder; empty or absent otherwise. */
  path?: string;
}

export type PickProblem = 'no_config' | 'no_onnx' | 'several_onnx';

export interface PickedSet<F> {
  config: F;
  onnx: F;
  generation: F | null;
}

/**
 * ONNX files in the order a folder's are taken when it holds several (a whole Hub folder does):
 * the app's slots files, then the Hub's, smallest first — the 8-bit file downloads and loads
 * fastest, and GPT-2 small still writes sensible English with it.
 */
const ONNX_ORDER = [
  'model_slots_quantized.onnx',
  'model_quantized.onnx',
  'decoder_model_merged_quantized.onnx',
  'model_slots.onnx',
  'model.onnx',
  'decoder_model_merged.onnx',
  'model_fp16.onnx',
  'decoder_model_merged_fp16.onnx',
];

/** Sorts the picked files; a problem when there is no config, no ONNX file or no clear one. */
export function sortPicked<F extends PickedName>(files: readonly F[]): PickedSet<F> | PickProblem {
  const named = (name: string) => files.find((f) => f.name === name) ?? null;
  const config = named('config.json');
  if (!config) return 'no_config';
  const onnx = files.filter((f) => f.name.toLowerCase().endsWith('.onnx'));
  if (onnx.length === 0) return 'no_onnx';
  const chosen =
    onnx.length === 1
      ? onnx[0]
      : (ONNX_ORDER.map((name) => onnx.find((f) => f.name === name)).find(Boolean) ?? null);
  if (!chosen) return 'several_onnx';
  return { config, onnx: chosen, generation: named('generation_config.json') };
}

/** The config's shape when it is a GPT-2 the app reads; a readable error otherwise. */
export function checkPickedConfig(text: string): ModelShape {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('config.json is not JSON');
  }
  const type =
    typeof json === 'object' && json !== null && 'model_type' in json ? json.model_type : 'gpt2';
  if (type !== 'gpt2') throw new Error(`config.json describes a "${String(type)}", not a GPT-2`);
  const shape = parseModelConfig(json);
  if (shape.vocab !== TOKENIZER_VOCAB) {
    throw new Error(
      `its vocabulary has ${shape.vocab} tokens; GPT-2's tokenizer has ${TOKENIZER_VOCAB}`,
    );
  }
  return shape;
}

/** 8-bit or half-precision by the file's name (the Hub's and the app's names say so). */
export function precisionOfFile(name: string): Precision {
  if (/quantized|q8|int8|uint8/i.test(name)) return 'q8';
  if (/fp16|float16/i.test(name)) return 'fp16';
  return 'fp32';
}

/**
 * The spec a picked model is kept under: its folder's name (or its file's) with its shape, e.g.
 * `gpt2-12x768@files:q8`. The same files picked again replace the earlier copy.
 */
export function pickedSpec(onnx: PickedName, shape: ModelShape): ModelSpec {
  const folder = (onnx.path ?? '').split('/').filter(Boolean)[0];
  const stem = folder && folder !== onnx.name ? folder : onnx.name.replace(/\.onnx$/i, '');
  const slug = stem.replace(/[^\w.-]+/g, '-').replace(/^[.-]+|-+$/g, '') || 'model';
  return filesModel(
    `${slug.slice(0, 40)}-${shape.layers}x${shape.width}`,
    precisionOfFile(onnx.name),
  );
}
