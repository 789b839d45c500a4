/**
 * What a beam search records: per step, every running beam's best candidates and what became of
 * them, and at the end the beams ranked by score. It is the data a tree view draws: a beam is a
 * node (its id), linked to its parent by `parentId`, labelled with the token that made it.
 */

export interface BeamSearchConfig {
  /** Beams kept at each step, 1 to 8 (1 is greedy decoding). */
  beams: number;
  /** Tokens generated at most. */
  maxSteps: number;
  /**
   * false: one model run per beam per step even where the file could run them batched (to compare
   * the two). Otherwise all beams go in one run per step where the file can (slots files since
   * stepwise-gpt2-onnx-11), one run per beam elsewhere.
   */
  batched?: boolean;
  /**
   * Exponent on the length in a finished beam's score, sum of log p / length^lengthPenalty
   * (Hugging Face's `length_penalty`): above 0 favours longer sequences, below 0 shorter ones.
   * Default 1.
   */
  lengthPenalty?: number;
}

/** One beam: a sequence of generated tokens, made by extending its parent by one token. */
export interface BeamNode {
  /** Unique within a search; the first beam, empty after the prompt, is 0. */
  id: number;
  /** The beam it extends (null for beam 0). */
  parentId: number | null;
  /** The token it added to its parent (−1 for beam 0). */
  tokenId: number;
  /** Sum of the log-probabilities of its generated tokens. */
  logProb: number;
}

export type CandidateFate =
  /** Became a running beam. */
  | 'kept'
  /** Was the end-of-text token among the best: the sequence ended, a finished hypothesis. */
  | 'ended'
  /** Lost: its total was not among the best. */
  | 'pruned';

export interface BeamCandidate {
  tokenId: number;
  /** log p of this token after its beam. */
  logProb: number;
  /** The beam's sum plus `logProb`: what the candidates of all beams are ranked by. */
  cumulative: number;
  fate: CandidateFate;
  /** The beam it became, when kept or ended. */
  childId?: number;
}

export interface BeamStep {
  /** 1-based: the number of generated tokens of the beams made at this step. */
  step: number;
  /** For each beam running at the start of the step: its best candidates, most likely first. */
  expansions: { beamId: number; candidates: BeamCandidate[] }[];
  /** The beams running after the step, best first. */
  kept: BeamNode[];
  /** Sequences that ended at this step with end-of-text, and their scores. */
  ended: (BeamNode & { score: number })[];
  /** Beams running at the start of the step of which no candidate was kept or ended. */
  pruned: number[];
  /** Milliseconds inside the step's model runs (one for all kept beams, or one per beam). */
  modelMs: number;
}

export interface RankedBeam {
  id: number;
  /** The generated tokens (end-of-text included when it ended). */
  tokens: number[];
  logProb: number;
  /** logProb / tokens.length^lengthPenalty: what the final ranking is by. */
  score: number;
  /** Ended with end-of-text, rather than still running when the search stopped. */
  ended: boolean;
}

export type BeamStopReason =
  /** `beams` sequences ended with end-of-text (Hugging Face's early_stopping=True). */
  | 'all_ended'
  | 'max_steps'
  /** The next token would not fit in the model's context. */
  | 'context_limit'
  /** The caller's stop check ended it (Stop pressed). */
  | 'stopped';

export interface BeamSearchResult {
  steps: BeamStep[];
  /** Up to `beams` sequences, best score first. */
  final: RankedBeam[];
  stopReason: BeamStopReason;
  /** Model runs made: the prompt's prefill, then one per step (batched) or per kept beam. */
  modelRuns: number;
  /** Whether the kept beams of a step read their tokens in one model run (see `batched`). */
  batched: boolean;
}
