/**
 * How beam search's kept beams read their new tokens, each step: all in one model run where the
 * file can batch them (beamBatch.ts), else one run per beam on the one decoder, each restoring
 * its parent's saved state first and saving its own after. Both give every beam the model's
 * answer after its tokens; only the number of runs differs.
 */
import type { DecoderState, ForwardResult, KvCacheDecoder } from '../decoder';
import { BeamBatch, canBatch, type BeamRows } from './beamBatch';

/** What a beam extends: where its parent's cache is (`C`), and the token it reads. */
export interface BeamExtension<C> {
  parent: C;
  tokenId: number;
}

export interface BeamRunner<C> {
  /** One run per step for all beams (true), or one per beam. */
  readonly batched: boolean;
  /** The first beam's cache: the prompt's, right after the prefill. */
  readonly start: C;
  /** Each beam's cache after reading its token and the model's answer, in the order given. */
  extend(items: readonly BeamExtension<C>[]): Promise<{
    results: { cache: C; forward: ForwardResult }[];
    modelMs: number;
    runs: number;
  }>;
}

/** One run per beam: restore the parent's state, read the token, save. */
class PerBeamRunner implements BeamRunner<DecoderState> {
  readonly batched = false as const;
  constructor(
    private readonly decoder: KvCacheDecoder,
    readonly start: DecoderState,
  ) {}

  async extend(items: readonly BeamExtension<DecoderState>[]) {
    const results: { cache: DecoderState; forward: ForwardResult }[] = [];
    let modelMs = 0;
    for (const { parent, tokenId } of items) {
      this.decoder.restore(parent);
      const forward = await this.decoder.append([tokenId]);
      results.push({ cache: await this.decoder.save(), forward });
      modelMs += forward.modelMs;
    }
    return { results, modelMs, runs: items.length };
  }
}

/** One run for all beams: each beam is a list of rows in the batch's tree of caches. */
class BatchedRunner implements BeamRunner<BeamRows> {
  readonly batched = true as const;
  readonly start: BeamRows = [];
  constructor(private readonly batch: BeamBatch) {}

  async extend(items: readonly BeamExtension<BeamRows>[]) {
    const step = await this.batch.step(items.map((i) => ({ rows: i.parent, tokenId: i.tokenId })));
    const results = step.forwards.map((forward, b) => ({ cache: step.rows[b], forward }));
    return { results, modelMs: step.modelMs, runs: items.length > 0 ? 1 : 0 };
  }
}

/**
 * The runner for `decoder`, which has just read the prompt (the prefill): batched when `batched`
 * is not false and the file can (canBatch), else one run per beam. `beamRows` is how many rows
 * the batched one makes room for at once (it grows when a search needs more).
 */
export async function beamRunner(
  decoder: KvCacheDecoder,
  batched: boolean,
  beamRows: number,
): Promise<PerBeamRunner | BatchedRunner> {
  const prompt = await decoder.save();
  if (batched && canBatch(decoder)) {
    return new BatchedRunner(new BeamBatch(decoder, prompt, beamRows));
  }
  return new PerBeamRunner(decoder, prompt);
}
