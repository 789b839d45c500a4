/**
 * A Hugging Face model id typed by the user (or named by a link): checked before anything large
 * is downloaded (engine/hubCheck.ts), then offered with its size, and downloaded only on a click.
 * The page adds its own limits to the engine's: it downloads from the Hub or the mirror (a
 * teacher's server serves only the models it was filled with), and it shows tokens with GPT-2's
 * tokenizer, so a model with another vocabulary is refused with that reason.
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
import { downloadModel } from './modelChoice';
import { currentSource } from './modelSource';

export type ModelCheckRefusal =
  | HubRefusal
  /** The source setting is a teacher's server, which has no model API. */
  | { kind: 'server_source' }
  /** A vocabulary the page cannot show yet: only GPT-2's tokenizer is loaded in the page. */
  | { kind: 'tokenizer'; vocab: number };

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

/** The page's own limits on a model the engine could run. */
function pageRefusal(model: HubModelInfo): ModelCheckRefusal | null {
  if (model.family !== 'gpt2' || model.shape.vocab !== TOKENIZER_VOCAB) {
    return { kind: 'tokenizer', vocab: model.shape.vocab };
  }
  return null;
}

let latest = 0;

export function typeModelId(text: string): void {
  setState({ text });
}

/** Checks the typed id at the chosen source; a newer check makes an older one's answer moot. */
export async function checkModelId(text = getState().text): Promise<ModelCheckResult> {
  const ask = ++latest;
  const repo = text.trim();
  setState({ text, checking: true, result: null });
  const source = currentSource();
  let result: ModelCheckResult;
  if (source.kind === 'server') {
    result = { state: 'refused', repo, refusal: { kind: 'server_source' } };
  } else {
    const origin = source.kind === 'mirror' ? MIRROR_ORIGIN : HUB_ORIGIN;
    const byteLimit = modelByteLimit(deviceMemory());
    // Called as a method of the options, the page's fetch would throw "Illegal invocation".
    const fetch: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init);
    const checked = await checkHubModel(repo, { fetch, origin, byteLimit });
    if (checked.state === 'refused') result = checked;
    else {
      const refusal = pageRefusal(checked.model);
      const modelId = hubIdFor(checked.model.repo, checked.model.chosen.precision);
      result = refusal
        ? { state: 'refused', repo, refusal }
        : { state: 'ok', model: checked.model, modelId };
    }
  }
  if (ask === latest) setState({ checking: false, result });
  return result;
}

/** Downloads the checked model (the user's click is the consent) and selects it once loaded. */
export async function downloadCheckedModel(): Promise<boolean> {
  const { result } = getState();
  if (result?.state !== 'ok') return false;
  return downloadModel(result.modelId);
}
