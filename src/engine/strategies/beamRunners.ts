/**
 * How beam search's kept beams read their new tokens, each step: all in one model run where the
 * file can batch them (slots files: beamBatch.ts; Hub files with a free batch dimension:
 * beamBatchHub.ts), else one run per beam on the one decoder, each restoring its parent's saved
 * state first and saving its own after. All give every beam the model's answer after its tokens;
 * only the number of runs differs.
 */
import type { DecoderState, ForwardResult, KvCacheDecoder } from '../decoder';
import { BeamBatch, canBatch, type BeamRows } from './beamBatch';
import { canBatchPresent, PresentBatch, type PresentBeam } from './beamBatchHub';

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
  readonly kind = 'perBeam' as const;
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
  readonly kind = 'slots' as const;
  readonly batched = true as const;
  readonly start: BeamRows = [];
  constructor(private readonly batch: BeamBatch) {}

  async extend(items: readonly BeamExtension<BeamRows>[]) {
    const step = await this.batch.step(items.map((i) => ({ rows: i.parent, tokenId: i.tokenId })));
    const results = step.forwards.map((forward, b) => ({ cache: step.rows[b], forward }));
    return { results, modelMs: step.modelMs, runs: items.length > 0 ? 1 : 0 };
  }
}

/** One run for all beams on a Hub file: their caches stacked along the batch axis. */
class PresentRunner implements BeamRunner<PresentBeam> {
  readonly kind = 'present' as const;
  readonly batched = true as const;
  readonly start: PresentBeam;
  constructor(private readonly batch: PresentBatch) {
    this.start = batch.start;
  }

  async extend(items: readonly BeamExtension<PresentBeam>[]) {
    const step = await this.batch.step(items);
    const results = step.forwards.map((forward, b) => ({ cache: step.beams[b], forward }));
    return { results, modelMs: step.modelMs, runs: items.length > 0 ? 1 : 0 };
  }
}

/**
 * The runner for `decoder`, which has just read the prompt (the prefill): batched when `batched`
 * is not false and the file can (canBatch, canBatchPresent), else one run per beam. `beamRows` is
 * how many rows the slots files' batched one makes room for at once (it grows when a search
 * needs more). `kind` tells them apart.
 */
export async function beamRunner(
  decoder: KvCacheDecoder,
  batched: boolean,
  beamRows: number,
): Promise<PerBeamRunner | BatchedRunner | PresentRunner> {
  const prompt = await decoder.save();
  if (batched && canBatch(decoder)) {
    return new BatchedRunner(new BeamBatch(decoder, prompt, beamRows));
  }
  if (batched && canBatchPresent(decoder)) {
    return new PresentRunner(new PresentBatch(decoder, prompt));
  }
  return new PerBeamRunner(decoder, prompt);
}
