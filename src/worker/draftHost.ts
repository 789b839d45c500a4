/**
 * The draft model of speculative decoding: a second session and decoder beside the loaded model,
 * on the same backend, opened on the first speculative run and kept for the next ones with the
 * same draft. The engine host releases it with its own model.
 */
import type { KvCacheDecoder } from '../engine/decoder';
import { forBackend, type ModelSpec } from '../engine/modelCatalog';
import { buildIfBuilt } from './buildStep';
import type { HostDeps } from './hostDeps';
import { describeError, HostError, isAbort } from './hostErrors';
import { explained, openWarm, type Opened } from './openWarm';
import type { Backend, LoadPhase } from './protocol';

export type DraftProgress = (phase: LoadPhase, loaded: number, total: number | null) => void;

export class DraftHost {
  private opened: { key: string; value: Opened } | null = null;

  constructor(private readonly deps: HostDeps) {}

  /**
   * The decoder of `spec` on `backend`: the one already open when it is the same, else loaded
   * (built first where it is built in the browser) with its progress told. A draft whose
   * vocabulary is not the target's (`targetVocab` tokens) is refused as soon as its config is
   * read, before a session is made and warmed up for nothing. A failure names the draft and
   * keeps the runtime's words; an aborted download stays an abort.
   */
  async open(
    spec: ModelSpec,
    targetVocab: number,
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
      if (files.shape.vocab !== targetVocab) {
        throw new HostError(
          `its vocabulary (${files.shape.vocab} tokens) is not the model's (${targetVocab}): ` +
            'speculative decoding needs a draft with the same tokens',
          'bad_request',
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
