/**
 * Turning one step's logits into one token: greedy, temperature, top-k, top-p and seeded sampling,
 * and the numbers a student needs to see why that token came (probabilities, cut-offs, entropy).
 *
 * Order of operations follows Hugging Face's generate, whose logits warpers apply the cut-offs one
 * after the other: temperature, then top-k, then top-p over the distribution renormalised to the
 * top-k set, then min-p over what top-p kept.
 */
import { LIMITS } from './limits';
import type { Rng } from './rng';
import { entropyBits, logitMoments, SUMMARY_TOP, type LogitSummary } from './logitSummary';
import { topIndices } from './topK';

export type Strategy = 'greedy' | 'sample';

export interface SamplingParams {
  strategy: Strategy;
  /** Divides the logits before softmax; ≤ 0 means greedy. Ignored by greedy. */
  temperature: number;
  /** Keep only the k most likely tokens; 0 turns the cut-off off. */
  topK: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p; 1 turns it off. */
  topP: number;
  /**
   * Keep the tokens whose probability is at least minP × the most likely token's (after
   * temperature); 0 turns the cut-off off, and so does its absence (settings made before min-p).
   */
  minP?: number;
  /** Seed of the sampling stream: the same seed gives the same tokens. */
  seed: number;
}

/** What a new settings form holds: the defaults of the table of limits. */
export const DEFAULT_SAMPLING: SamplingParams = {
  strategy: 'greedy',
  temperature: LIMITS.temperature.default,
  topK: LIMITS.topK.default,
  topP: LIMITS.topP.default,
  minP: LIMITS.minP.default,
  seed: LIMITS.seed.default,
};

export interface Candidate {
  id: number;
  logit: number;
  /** Probability after temperature, before any cut-off. */
  prob: number;
  /** Probability at temperature 1, to show what temperature changed. */
  probAtT1: number;
  /** Sum of `prob` over this candidate and every more likely one. */
  cumulative: number;
  /** Whether the strategy could have picked this token (inside the top-k / top-p / min-p set). */
  eligible: boolean;
}

export interface Decision {
  chosenId: number;
  /** The most likely tokens, most likely first; the chosen one is always among them. */
  candidates: Candidate[];
  /** Entropy of the tempered distribution, in bits. */
  entropy: number;
  /** How many tokens the cut-offs let through. */
  eligibleCount: number;
  /** Probability of the chosen token after temperature, before cut-offs. */
  chosenProb: number;
  /**
   * Sum of the tempered probabilities of the tokens the cut-offs let through: the draw divides
   * each of them by it (1 without a cut-off, where the draw takes the whole vocabulary's mass as 1).
   */
  eligibleMass: number;
  /** Temperature actually applied (1 for greedy). */
  temperature: number;
}

/** True when these parameters mean plain argmax. */
export const isGreedy = (p: SamplingParams): boolean =>
  p.strategy === 'greedy' || !(p.temperature > 0);

/** The `n` most likely ids, most likely first: from the model's own ranking when it is long enough. */
export type Ranking = (n: number) => number[];

function ranking(logits: Float32Array, summary: LogitSummary | undefined): Ranking {
  return (n) =>
    summary && n <= summary.topIds.length ? summary.topIds.slice(0, n) : topIndices(logits, n);
}

/**
 * Most likely tokens, most likely first, enough to cover `mass` of the probability. A peaked
 * distribution needs a few dozen; a flat one (high temperature) may need most of the vocabulary,
 * where one full sort beats growing heaps.
 */
function prefixCovering(
  logits: Float32Array,
  ranked: Ranking,
  prob: (id: number) => number,
  mass: number,
): number[] {
  const covering = (order: ArrayLike<number>): number[] | null => {
    let cumulative = 0;
    for (let r = 0; r < order.length; r++) {
      if (cumulative >= mass) return Array.from({ length: r }, (_, i) => order[i]);
      cumulative += prob(order[r]);
    }
    return null;
  };
  for (const size of [SUMMARY_TOP, 1024]) {
    const found = covering(ranked(size));
    if (found) return found;
  }
  const all = Array.from({ length: logits.length }, (_, i) => i);
  all.sort((a, b) => logits[b] - logits[a] || a - b);
  return covering(all) ?? all;
}

/** The softmax at temperature T and at 1, as functions of an id, and the entropy. */
interface Normalised {
  prob: (id: number) => number;
  probAtT1: (id: number) => number;
  /** Entropy of the tempered distribution, in bits. */
  entropy: number;
}

/**
 * Temperature: the softmax of the logits divided by T, as functions of an id (probabilities are
 * not stored: 50 257 of them a step, and the few that are read are recomputed), and its entropy.
 * At T = 1 a model-computed summary spares the pass over the vocabulary; otherwise
 * logitMoments makes it.
 */
function applyTemperature(
  logits: Float32Array,
  temperature: number,
  summary: LogitSummary | undefined,
): Normalised {
  const atT1 = summary ?? logitMoments(logits);
  const probAtT1 = (id: number): number => Math.exp(logits[id] - atT1.logNorm);
  if (temperature === 1) return { prob: probAtT1, probAtT1, entropy: entropyBits(atT1) };
  const inverseT = 1 / temperature;
  const tempered = logitMoments(logits, inverseT);
  return {
    prob: (id) => Math.exp(logits[id] * inverseT - tempered.logNorm),
    probAtT1,
    entropy: entropyBits(tempered),
  };
}

/** Top-k: the k most likely ids, in rank order; `null` when k keeps the whole vocabulary. */
function cutTopK(ranked: Ranking, topK: number, vocab: number): number[] | null {
  const k = topK > 0 ? Math.min(Math.floor(topK), vocab) : vocab;
  return k < vocab ? ranked(k) : null;
}

/**
 * Top-p: the fewest most likely ids of `kept` (the top-k set in rank order; `null`, the whole
 * vocabulary) whose probability reaches `p` of the set's mass, i.e. top-p over the
 * distribution renormalised to the top-k set. p ≥ 1 keeps the set as it is.
 */
function cutTopP(
  kept: number[] | null,
  p: number,
  logits: Float32Array,
  ranked: Ranking,
  prob: (id: number) => number,
): number[] | null {
  if (p >= 1) return kept;
  if (!kept) return prefixCovering(logits, ranked, prob, Math.max(p, 0));
  const keptMass = kept.reduce((sum, id) => sum + prob(id), 0);
  const eligible: number[] = [];
  let cumulative = 0;
  for (const id of kept) {
    if (eligible.length > 0 && cumulative >= p * keptMass) break;
    eligible.push(id);
    cumulative += prob(id);
  }
  return eligible;
}

/**
 * Min-p: the ids of `kept` (rank order; `null`, the whole vocabulary) whose probability is at
 * least `minP` × the most likely token's. The threshold is relative to the most likely token of
 * the whole vocabulary, which every earlier cut-off keeps; a token tying with the threshold stays.
 * minP ≤ 0 keeps the set as it is; minP = 1 keeps the most likely token and any that tie with it.
 */
export function cutMinP(
  kept: number[] | null,
  minP: number | undefined,
  ranked: Ranking,
  prob: (id: number) => number,
): number[] | null {
  if (minP === undefined || !(minP > 0)) return kept;
  const threshold = minP * prob(ranked(1)[0]);
  if (kept) return kept.filter((id) => prob(id) >= threshold);
  // Ids in rank order: the kept ones are a prefix; grow the ranking until one falls below.
  for (let size = SUMMARY_TOP; ; size *= 4) {
    const order = ranked(size);
    const below = order.findIndex((id) => prob(id) < threshold);
    if (below >= 0) return order.slice(0, below);
    if (order.length < size) return order;
  }
}

/**
 * Inverse-CDF draw over `pool` in rank order, or over the whole vocabulary in id order (`null`):
 * each token is drawn with its probability divided by `poolMass`, the pool's total (the
 * decision's `eligibleMass`; 1 for the whole vocabulary, which spares a pass). When rounding
 * leaves the walked mass short of the draw (a float32 normaliser from the model is off by
 * ~1e-6), a second walk scaled to the mass actually walked decides, instead of defaulting to
 * the last id (end-of-text in GPT-2).
 */
function drawToken(
  pool: number[] | null,
  vocab: number,
  prob: (id: number) => number,
  draw: number,
  poolMass: number,
): number {
  const count = pool ? pool.length : vocab;
  const idAt = (r: number): number => (pool ? pool[r] : r);
  let mass = poolMass;
  for (let walk = 0; walk < 2; walk++) {
    let remaining = draw * mass;
    let walked = 0;
    for (let r = 0; r < count; r++) {
      const p = prob(idAt(r));
      walked += p;
      remaining -= p;
      if (remaining < 0) return idAt(r);
    }
    mass = walked;
  }
  return idAt(count - 1);
}

/**
 * The tokens the strategy may pick, in rank order; `null` means every token (no cut-off at all).
 * The cut-offs apply in Hugging Face's order: top-k, then top-p, then min-p.
 * Greedy may pick only the most likely one; a cut-off that keeps nothing keeps that one too.
 */
function eligibleTokens(
  params: SamplingParams,
  greedy: boolean,
  logits: Float32Array,
  ranked: Ranking,
  prob: (id: number) => number,
  mostLikely: number,
): number[] | null {
  if (greedy) return [mostLikely];
  const kept = cutTopK(ranked, params.topK, logits.length);
  const nucleus = cutTopP(kept, params.topP, logits, ranked, prob);
  const eligible = cutMinP(nucleus, params.minP, ranked, prob);
  return eligible && eligible.length === 0 ? [mostLikely] : eligible;
}

/**
 * The draw: greedy takes the first eligible token without touching the random stream; sampling
 * takes one number from it, whatever is chosen, so a forced token leaves the stream as it was.
 */
function drawChoice(
  greedy: boolean,
  eligible: number[] | null,
  vocab: number,
  prob: (id: number) => number,
  rng: Rng,
  mass: number,
): number {
  if (greedy) return eligible![0];
  return drawToken(eligible, vocab, prob, rng(), mass);
}

/**
 * The candidates shown: the `shown` ids with their numbers, and the chosen token after them where
 * it is not among them.
 */
function candidateList(
  shown: number[],
  candidateCount: number,
  chosenId: number,
  eligible: number[] | null,
  logits: Float32Array,
  { prob, probAtT1 }: Normalised,
): Candidate[] {
  const eligibleSet = eligible ? new Set(eligible) : null;
  const ids = shown.includes(chosenId) ? shown : [...shown, chosenId];
  let cumulative = 0;
  const candidates = ids.map((id) => {
    const p = prob(id);
    cumulative += p;
    return {
      id,
      logit: logits[id],
      prob: p,
      probAtT1: probAtT1(id),
      cumulative,
      eligible: eligibleSet ? eligibleSet.has(id) : true,
    };
  });
  // A chosen token outside the top list has no meaningful running sum.
  const last = candidates[candidates.length - 1];
  if (last.id === chosenId && ids.length > candidateCount) last.cumulative = Number.NaN;
  return candidates;
}

/**
 * Chooses the next token. `forcedId` replaces the choice (branching "what if") while every number
 * shown stays the model's own; the random stream advances exactly as it would have. `summary`,
 * when the model computed one for these logits, spares the pass over the vocabulary.
 */
export function decide(
  logits: Float32Array,
  params: SamplingParams,
  rng: Rng,
  candidateCount = 20,
  forcedId?: number,
  summary?: LogitSummary,
): Decision {
  const vocab = logits.length;
  const greedy = isGreedy(params);
  const temperature = greedy ? 1 : params.temperature;
  const normalised = applyTemperature(logits, temperature, summary);
  const ranked = ranking(logits, summary);
  // The candidates shown are the most likely tokens; for greedy the first of them is the choice.
  const shown = ranked(Math.max(1, candidateCount));
  const eligible = eligibleTokens(params, greedy, logits, ranked, normalised.prob, shown[0]);
  const eligibleMass = eligible ? eligible.reduce((sum, id) => sum + normalised.prob(id), 0) : 1;
  const drawn = drawChoice(greedy, eligible, vocab, normalised.prob, rng, eligibleMass);
  const chosenId = forcedId ?? drawn;
  return {
    chosenId,
    candidates: candidateList(shown, candidateCount, chosenId, eligible, logits, normalised),
    entropy: normalised.entropy,
    eligibleCount: eligible ? eligible.length : vocab,
    chosenProb: normalised.prob(chosenId),
    eligibleMass,
    temperature,
  };
}
