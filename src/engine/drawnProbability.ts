/**
 * The probability a step's draw actually gave its chosen token. The model's (tempered)
 * probability is taken before the cut-offs; the draw (sampling.ts, drawToken) picks among the
 * tokens the cut-offs kept only, each with its probability divided by their total, so that the
 * kept probabilities sum to 1 again. That renormalised number is what the token was drawn with.
 */
import type { StepRecord } from './generation';
import type { Candidate } from './sampling';

/** What the answer needs of a step record (or of a decision). */
type DrawnFacts = Pick<StepRecord, 'tokenId' | 'chosenProb' | 'eligibleCount' | 'eligibleMass'> & {
  candidates: readonly Pick<Candidate, 'id' | 'prob' | 'eligible'>[];
};

/**
 * The total the draw divided by: the step's recorded `eligibleMass`, or, in a run recorded
 * without it, the sum over the eligible candidate rows when every eligible token is listed.
 * Null when it cannot be known.
 */
export function eligibleMassOf(step: Omit<DrawnFacts, 'tokenId' | 'chosenProb'>): number | null {
  if (step.eligibleMass !== undefined) return step.eligibleMass;
  const kept = step.candidates.filter((c) => c.eligible);
  if (kept.length !== step.eligibleCount) return null;
  return kept.reduce((sum, c) => sum + c.prob, 0);
}

/**
 * The chosen token's probability in the draw's distribution: its probability over the eligible
 * mass, 0 when the cut-offs left it out (a forced token), null when the mass is not known.
 */
export function drawnProbability(step: DrawnFacts): number | null {
  const row = step.candidates.find((c) => c.id === step.tokenId);
  if (row && !row.eligible) return 0;
  const mass = eligibleMassOf(step);
  return mass !== null && mass > 0 ? Math.min(1, step.chosenProb / mass) : null;
}
