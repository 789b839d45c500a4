/**
 * A Hugging Face model id typed by the user (or named by a link): checked before anything large
 * is downloaded (engine/hubCheck.ts), then offered with its size, and downloaded only on a click.
 * The page adds its own limits to the engine's: it downloads from the Hub or the mirror (a
 * teacher's server serves only the models it was filled with), a GPT-2-family model must read
 * GPT-2's vocabulary (the page has no other tokenizer for that architecture), and a Llama-family
 * model's tokenizer.json must be one the page can read and show honestly: it is fetched and read
 * here (a few MB), before the model file is offered.
 */
import { create } from 'zustand';
import {
  checkHubModel,
  hubIdFor,
  modelByteLimit,
  type HubModelInfo,
  type HubRefusal,
} from '../engine/hubCheck';
import { HUB_ORIGIN, MIRROR_ORIGIN } from '../engine/modelSources';
import { TOKENIZER_VOCAB } from '../engine/tokenizer';
import { loadVocabulary, type TokenizerFiles } from '../engine/vocabulary/loadVocabulary';
import { downloadModel } from './modelChoice';
import { currentSource } from './modelSource';

export type ModelCheckRefusal =
  | HubRefusal
  /** The source setting is a teacher's server, which has no model API. */
  | { kind: 'server_source' }
  /** A GPT-2-family model with a vocabulary other than GPT-2's: the page has no tokenizer for it. */
  | { kind: 'tokenizer'; vocab: number }
  /** A Llama-family model whose tokenizer.json the page cannot read (the library's words). */
  | { kind: 'tokenizer_file'; detail: string };

export type ModelCheckResult =
  | { state: 'ok'; model: HubModelInfo; modelId: string }
  | { state: 'refused'; repo: string; refusal: ModelCheckRefusal };

export interface ModelCheckState {
  /** The id as typed. */
  text: string;
  checking: boolean;
  result: ModelCheckResult | null;
}

export const useModelCheckStore = create<ModelCheckState>(() => ({
  text: '',
  checking: false,
  result: null,
}));

const { getState, setState } = useModelCheckStore;

/** The device's memory as the browser reports it (Chromium only), in GiB. */
function deviceMemory(): number | undefined {
  const nav: unknown = globalThis.navigator;
  const value =
    typeof nav === 'object' && nav !== null && 'deviceMemory' in nav
      ? (nav as { deviceMemory: unknown }).deviceMemory
      : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** A Llama-family repo's tokenizer files, as its load will read them (absent configs left out). */
async function tokenizerFiles(folder: string, fetch: typeof globalThis.fetch) {
  const text = async (file: string): Promise<string | undefined> => {
    const response = await fetch(`${folder}${file}`, { mode: 'cors' });
    return response.ok ? response.text() : undefined;
  };
  const tokenizer = await text('tokenizer.json');
  if (tokenizer === undefined) return null;
  const files: TokenizerFiles = { tokenizer };
  const [config, generation] = await Promise.all([
    text('tokenizer_config.json'),
    text('generation_config.json'),
  ]);
  if (config !== undefined) files.config = config;
  if (generation !== undefined) files.generation = generation;
  return files;
}

/** The page's own limits on a model the engine could run. */
async function pageRefusal(
  model: HubModelInfo,
  origin: string,
  fetch: typeof globalThis.fetch,
): Promise<ModelCheckRefusal | null> {
  if (model.family === 'gpt2') {
    return model.shape.vocab === TOKENIZER_VOCAB
      ? null
      : { kind: 'tokenizer', vocab: model.shape.vocab };
  }
  // A Llama-family model reads its own tokenizer: it must be one the page can show.
  try {
    const files = await tokenizerFiles(`${origin}/${model.repo}/resolve/main/`, fetch);
    if (!files) return { kind: 'no_tokenizer' };
    loadVocabulary(files);
    return null;
  } catch (error) {
    return {
      kind: 'tokenizer_file',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

let latest = 0;

export function typeModelId(text: string): void {
  setState({ text });
}

/**
 * Checks `text` as a Hub id at the chosen source, with the engine's and the page's limits: two
 * small requests (and a Llama-family model's tokenizer files), nothing large. Touches no state.
 */
export async function checkHubId(text: string): Promise<ModelCheckResult> {
  const repo = text.trim();
  const source = currentSource();
  if (source.kind === 'server') {
    return { state: 'refused', repo, refusal: { kind: 'server_source' } };
  }
  const origin = source.kind === 'mirror' ? MIRROR_ORIGIN : HUB_ORIGIN;
  const byteLimit = modelByteLimit(deviceMemory());
  // Called as a method of the options, the page's fetch would throw "Illegal invocation".
  const fetch: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init);
  const checked = await checkHubModel(repo, { fetch, origin, byteLimit });
  if (checked.state === 'refused') return checked;
  const refusal = await pageRefusal(checked.model, origin, fetch);
  const modelId = hubIdFor(checked.model.repo, checked.model.chosen.precision);
  return refusal
    ? { state: 'refused', repo, refusal }
    : { state: 'ok', model: checked.model, modelId };
}

/** Checks the typed id at the chosen source; a newer check makes an older one's answer moot. */
export async function checkModelId(text = getState().text): Promise<ModelCheckResult> {
  const ask = ++latest;
  setState({ text, checking: true, result: null });
  const result = await checkHubId(text);
  if (ask === latest) setState({ checking: false, result });
  return result;
}

/** Downloads the checked model (the user's click is the consent) and selects it once loaded. */
export async function downloadCheckedModel(): Promise<boolean> {
  const { result } = getState();
  if (result?.state !== 'ok') return false;
  return downloadModel(result.modelId);
}
