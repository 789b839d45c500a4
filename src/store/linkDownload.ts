/**
 * A link never downloads a model the user has not agreed to. A link naming a download model
 * (`model=Xenova/gpt2@hub`, `…@built`) that is not at hand yet shows an offer with the size and
 * waits for a click; `autoplay=1` then runs once the model has loaded. A link naming a bare Hub id
 * (`model=Xenova/distilgpt2`) is checked first (modelCheck.ts), and the check's offer waits alike.
 */
import { create } from 'zustand';
import { modelFromId } from '../engine/modelCatalog';
import { useAppStore } from './appStore';
import { generate } from './engineActions';
import { inBrowserCache } from './modelAvailability';
import { downloadModel } from './modelChoice';
import { checkModelId, downloadCheckedModel } from './modelCheck';

export interface LinkOffer {
  modelId: string;
  /** What the download weighs, as the catalogue states it. */
  bytes: number;
  /** The link asked for a run (`autoplay=1`): it starts once the model has loaded. */
  autoplay: boolean;
}

interface LinkDownloadState {
  offer: LinkOffer | null;
  /** A bare Hub id from a link with `autoplay=1`: run once the checked model has loaded. */
  runAfterCheckedDownload: boolean;
}

export const useLinkDownloadStore = create<LinkDownloadState>(() => ({
  offer: null,
  runAfterCheckedDownload: false,
}));

const { setState, getState } = useLinkDownloadStore;

/** A download model not listed as ready: whether it is in the browser's cache is asked next. */
export function mayNeedDownload(modelId: string): boolean {
  const origin = modelFromId(modelId)?.origin;
  const ready = useAppStore.getState().availability.ready.includes(modelId);
  return (origin === 'hub' || origin === 'built') && !ready;
}

/**
 * The offer a link's model needs, or null when it is at hand: the site's own, listed as ready, or
 * in the browser's cache (a Hub model the start-up check does not look for, downloaded earlier).
 */
export async function linkOfferFor(modelId: string, autoplay: boolean): Promise<LinkOffer | null> {
  const spec = modelFromId(modelId);
  if (!spec || !mayNeedDownload(modelId)) return null;
  if (spec.origin === 'hub' && (await inBrowserCache(spec))) return null;
  return { modelId, bytes: spec.approxBytes, autoplay };
}

/**
 * Shows the offer for a link's model; resolves true when the link must wait for the user's click.
 */
export async function offerLinkedModel(modelId: string, autoplay: boolean): Promise<boolean> {
  const offer = await linkOfferFor(modelId, autoplay);
  setState({ offer });
  return offer !== null;
}

/** Checks a bare Hub id named by a link; its offer waits for a click like any other. */
export function checkLinkedRepo(repo: string, autoplay: boolean): void {
  setState({ runAfterCheckedDownload: autoplay });
  void checkModelId(repo);
}

/** The user agreed to the link's download: download, select, and run if the link asked to. */
export async function acceptLinkedDownload(): Promise<void> {
  const { offer } = getState();
  if (!offer) return;
  if (!(await downloadModel(offer.modelId))) return; // the error shows; the offer stays
  setState({ offer: null });
  if (offer.autoplay) await generate();
}

/** The check's own offer, accepted: runs afterwards when a link with `autoplay=1` named it. */
export async function acceptCheckedDownload(): Promise<void> {
  if (!(await downloadCheckedModel())) return;
  const run = getState().runAfterCheckedDownload;
  setState({ runAfterCheckedDownload: false, offer: null });
  if (run) await generate();
}
