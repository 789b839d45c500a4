/**
 * The draft model of speculative decoding: a second session and decoder beside the loaded model,
 * on the same backend, opened on the first speculative run and kept for the next ones with the
 * same draft. The engine host releases it with its own model.
 */
import type { KvCacheDecoder } from '../engine/decoder';
import { sameTokens } from '../engine/vocabulary/sameTokens';
import type { Vocabulary } from '../engine/vocabulary/types';
import { forBackend, type ModelSpec } from '../engine/modelCatalog';
import { buildIfBuilt } from './buildStep';
import type { HostDeps } from './hostDeps';
import { describeError, HostError, isAbort } from './hostErrors';
import { explained, openWarm, type Opened } from './openWarm';
import type { Backend, LoadPhase } from './protocol';

export type DraftProgress = (phase: LoadPhase, loaded: number, total: number | null) => void;

/** What a draft must match: the loaded model's head width and tokens (null: GPT-2's). */
export interface DraftTarget {
  vocab: number;
  vocabulary: Vocabulary | null;
}

export class DraftHost {
  private opened: { key: string; value: Opened } | null = null;

  constructor(private readonly deps: HostDeps) {}

  /**
   * The decoder of `spec` on `backend`: the one already open when it is the same, else loaded
   * (built first where it is built in the browser) with its progress told. A draft whose
   * tokens are not the target's (another head width, or another tokenizer: a Llama-family
   * draft's own tokenizer.json against the target's, or against GPT-2's) is refused
   * (`draft_misfit`) as soon as its config and tokenizer are read, before a session is made and
   * warmed up for nothing. A failure names the draft and
   * keeps the runtime's words; an aborted download stays an abort.
   */
  async open(
    spec: ModelSpec,
    target: DraftTarget,
    backend: Backend,
    baseHref: string,
    signal: AbortSignal,
    onProgress: DraftProgress,
  ): Promise<KvCacheDecoder> {
    const key = `${spec.id} ${backend} ${baseHref}`;
    if (this.opened?.key === key) return this.opened.value.decoder;
    await this.release();
    const { deps } = this;
    try {
      await buildIfBuilt(
        deps,
        spec,
        (p) => onProgress('download', p.loaded, p.total),
        (p) => onProgress('build', p.done, p.total),
        signal,
      );
      const files = await deps.fetchModel(
        forBackend(spec, backend),
        baseHref,
        (p) => onProgress('download', p.loaded, p.total),
        signal,
      );
      if (files.shape.vocab !== target.vocab) {
        throw new HostError(
          `its vocabulary (${files.shape.vocab} tokens) is not the model's (${target.vocab}): ` +
            'speculative decoding needs a draft with the same tokens',
          'draft_misfit',
        );
      }
      if (!sameTokens(files.tokenizer?.vocabulary ?? null, target.vocabulary)) {
        throw new HostError(
          'its tokenizer gives other tokens than the model’s: ' +
            'speculative decoding needs a draft with the same tokenizer',
          'draft_misfit',
        );
      }
      const value = await openWarm(deps.createSession, files, backend, (phase) =>
        onProgress(phase, 0, null),
      ).catch((error: unknown) => {
        throw explained(error);
      });
      this.opened = { key, value };
      return value.decoder;
    } catch (error) {
      if (isAbort(error)) throw error;
      const { code, message } = describeError(error);
      throw new HostError(`the draft model ${spec.id} could not be loaded: ${message}`, code);
    }
  }

  /** Drops the draft's decoder and session. */
  async release(): Promise<void> {
    const opened = this.opened;
    this.opened = null;
    if (!opened) return;
    try {
      opened.value.decoder.dispose();
    } finally {
      await opened.value.created.session.release().catch(() => undefined);
    }
  }
}
