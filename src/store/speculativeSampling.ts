/**
 * Speculative decoding reads the settings form's sampling, the same fields as the chain's run:
 * greedy, or sampling at the form's temperature from the form's seed (the same seed gives the
 * same run). The acceptance rule (engine/strategies/speculativeRule.ts) compares the target's and
 * the draft's whole distributions at that temperature; it applies no top-k, top-p or min-p cut-off,
 * so those settings, when set, are named as not applied rather than silently dropped.
 */
import { isGreedy, type SamplingParams } from '../engine/sampling';
import type { StrategySettings } from '../worker/protocol';

export type SpeculativeSampling = NonNullable<
  Extract<StrategySettings, { strategy: 'speculative' }>['sampling']
>;

/** The sampling a speculative run takes from the form's `sampling`; undefined: greedy. */
export function speculativeSampling(sampling: SamplingParams): SpeculativeSampling | undefined {
  if (isGreedy(sampling)) return undefined;
  return { temperature: sampling.temperature, seed: sampling.seed };
}

export type Cutoff = 'topK' | 'topP' | 'minP';
const CUTOFFS: readonly Cutoff[] = ['topK', 'topP', 'minP'];

/**
 * The form's cut-offs a speculative run would not apply: those set to keep fewer tokens than all
 * (top-k above 0, top-p below 1, min-p above 0), while the form samples. Empty under greedy, where
 * no cut-off changes the argmax.
 */
export function unappliedCutoffs(sampling: SamplingParams): Cutoff[] {
  if (isGreedy(sampling)) return [];
  const set: Record<Cutoff, boolean> = {
    topK: sampling.topK > 0,
    topP: sampling.topP < 1,
    minP: (sampling.minP ?? 0) > 0,
  };
  return CUTOFFS.filter((name) => set[name]);
}
