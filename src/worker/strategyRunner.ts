/**
 * The engine host's strategy requests: what a run needs besides the loaded decoder (a draft model
 * for speculative decoding, kept open between runs; a Stop check between rounds), handed to
 * runStrategy (strategyHost.ts).
 */
import type { KvCacheDecoder } from '../engine/decoder';
import type { ModelSpec } from '../engine/modelCatalog';
import type { Vocabulary } from '../engine/vocabulary/types';
import { DraftHost, type DraftTarget } from './draftHost';
import type { HostDeps } from './hostDeps';
import type { Backend, WorkerRequest } from './protocol';
import { runStrategy } from './strategyHost';

export class StrategyRunner {
  private readonly drafts: DraftHost;

  constructor(private readonly deps: HostDeps) {
    this.drafts = new DraftHost(deps);
  }

  /**
   * Runs `request` on `decoder`, loaded on `backend` from `baseHref` (a draft loads there too,
   * its progress posted, and must have the decoder's head width and `vocabulary`'s tokens: the
   * loaded model's own tokenizer's, null for GPT-2's); `cancelled` tells whether a Stop came, asked after the event loop had a
   * turn; `signal` aborts a draft's download.
   */
  run(
    decoder: KvCacheDecoder,
    request: Extract<WorkerRequest, { kind: 'strategy' }>,
    loaded: { backend: Backend; baseHref: string },
    vocabulary: Vocabulary | null,
    cancelled: () => boolean,
    signal: AbortSignal,
  ): Promise<void> {
    const { deps } = this;
    const { id } = request;
    const target: DraftTarget = { vocab: decoder.shape.vocab, vocabulary };
    const openDraft = (spec: ModelSpec): Promise<KvCacheDecoder> =>
      this.drafts.open(
        spec,
        target,
        loaded.backend,
        loaded.baseHref,
        signal,
        (phase, done, total) =>
          deps.post({ kind: 'draft-progress', id, modelId: spec.id, phase, loaded: done, total }),
      );
    const stopped = async (): Promise<boolean> => {
      await deps.nextTask();
      return cancelled();
    };
    return runStrategy(decoder, request, deps, stopped, openDraft);
  }

  /** Releases the draft model (with the loaded model, whose backend it shares). */
  release(): Promise<void> {
    return this.drafts.release();
  }
}
