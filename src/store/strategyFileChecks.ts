/**
 * What a strategy run's schema cannot say, checked per strategy (strategyFileParse.ts reads the
 * run): steps and rounds numbered in order and within the step budget, beams made before they are
 * extended and never twice, and the lengths of a round's parts that must agree. Each check throws
 * a FileProblem naming the first thing wrong.
 */
import type { BeamStep } from '../engine/strategies/beamRecord';
import type { JacobiRound } from '../engine/strategies/jacobi';
import type { SpeculativeRound } from '../engine/strategies/speculative';
import { message, type Message, type MessageParam } from '../i18n/message';
import type { StrategyOutcome } from '../worker/protocol';
import { describe } from './runFileIssue';
import { fieldLabel, foundIn } from './strategyFileIssue';
import type { ParsedBeamRun, ParsedJacobiRun, ParsedSpecRun } from './strategyFileSchema';

export class FileProblem extends Error {
  constructor(readonly reason: Message) {
    super(reason.key);
  }
}

export function problem(reason: Message): never {
  throw new FileProblem(reason);
}

/** `items` numbered 1, 2, 3, … by `number`, each place named by `place`. */
function checkNumbering(
  items: readonly { number: unknown }[],
  place: (n: number) => Message,
  what: string,
): void {
  items.forEach(({ number }, i) => {
    if (number !== i + 1) {
      problem(
        message('sfNumbered', {
          place: place(i + 1),
          value: describe(number),
          what: fieldLabel(what),
        }),
      );
    }
  });
}

/** A count that must be `expected` (or at most it): else the sentence naming both. */
function checkLength(place: Message, what: string, n: number, max: number, exact = false): void {
  if (exact ? n === max : n <= max) return;
  const expected: MessageParam = message(exact ? 'sfExactly' : 'sfAtMost', { n: max });
  problem(message('sfLength', { place, n, what: fieldLabel(what), expected }));
}

function checkRoundCount(count: number, max: number, what: string): void {
  if (count > max)
    problem(
      message('rfCountHigh', { place: message('rfRun'), n: count, what: fieldLabel(what), max }),
    );
}

// ——— beam search ———

/** Every beam a step extends or makes comes from one made before; none is made twice. */
export function beamSteps(run: ParsedBeamRun): BeamStep[] {
  const { beams, maxSteps } = run.settings;
  checkRoundCount(run.beamSteps.length, maxSteps, 'beamSteps');
  checkNumbering(
    run.beamSteps.map((s) => ({ number: s.step })),
    (n) => message('sfBeamStep', { n }),
    'beamSteps',
  );
  const made = new Set<number>([0]);
  return run.beamSteps.map((step, i) => {
    const place = message('sfBeamStep', { n: i + 1 });
    checkLength(place, 'kept', step.kept.length, beams);
    const named = [...step.expansions.map((e) => e.beamId), ...step.pruned];
    const parents = [...step.kept, ...step.ended].map((node) => node.parentId);
    for (const id of [...named, ...parents]) {
      if (!made.has(id)) problem(message('sfUnknownBeam', { place, id }));
    }
    for (const node of [...step.kept, ...step.ended]) {
      if (made.has(node.id)) problem(message('sfBeamTwice', { place, id: node.id }));
      made.add(node.id);
    }
    return { ...step, step: i + 1 };
  });
}

export function beamOutcome(run: ParsedBeamRun): StrategyOutcome | null {
  const { outcome } = run;
  if (outcome) checkLength(message('sfOutcome'), 'final', outcome.final.length, run.settings.beams);
  return outcome;
}

// ——— Jacobi decoding ———

/** A round feeds at most `window` tokens, predicts after each, and accepts what it fixed. */
export function jacobiRounds(run: ParsedJacobiRun): JacobiRound[] {
  const { window, maxTokens } = run.settings;
  checkRoundCount(run.rounds.length, maxTokens, 'rounds');
  checkNumbering(
    run.rounds.map((r) => ({ number: r.round })),
    (n) => message('sfJacobiRound', { n }),
    'rounds',
  );
  return run.rounds.map((r, i) => {
    const place = message('sfJacobiRound', { n: i + 1 });
    checkLength(place, 'fed', r.fed.length, window);
    checkLength(place, 'predicted', r.predicted.length, r.fed.length, true);
    checkLength(place, 'rejected', r.rejected.length, r.fed.length - 1);
    checkLength(place, 'accepted', r.accepted.length, r.fed.length - r.rejected.length);
    return { ...r, round: i + 1 };
  });
}

/** Tokens and counts, or the model file's refusal: one or the other, whole. */
export function jacobiOutcome(run: ParsedJacobiRun): StrategyOutcome | null {
  const o = run.outcome;
  if (!o) return null;
  const place = message('sfOutcome');
  if (o.refused) return { strategy: 'jacobi', refused: o.refused, detail: o.detail ?? '' };
  const { tokens, stopReason, modelPasses, ms, greedy } = o;
  const missing = (key: string): never =>
    problem(foundIn(place, key, undefined, message('rfExpectObject')));
  if (!tokens) return missing('tokens');
  if (!stopReason) return missing('stopReason');
  if (modelPasses === undefined) return missing('modelPasses');
  if (ms === undefined) return missing('ms');
  if (greedy === undefined) return missing('greedy');
  return { strategy: 'jacobi', tokens, stopReason, modelPasses, ms, greedy };
}

// ——— speculative decoding ———

/** A round checks at most `k` proposals, has the target's token after each, adds what it kept. */
export function specRounds(run: ParsedSpecRun): SpeculativeRound[] {
  const { k, maxTokens } = run.settings;
  checkRoundCount(run.specRounds.length, maxTokens, 'specRounds');
  checkNumbering(
    run.specRounds.map((r) => ({ number: r.round })),
    (n) => message('sfSpecRound', { n }),
    'specRounds',
  );
  return run.specRounds.map((r, i) => {
    const place = message('sfSpecRound', { n: i + 1 });
    const proposed = r.proposed.length;
    checkLength(place, 'proposed', proposed, k);
    checkLength(place, 'targetTokens', r.targetTokens.length, proposed + 1, true);
    checkLength(place, 'accepted', r.accepted, proposed);
    checkLength(place, 'added', r.added.length, r.accepted + 1);
    for (const what of ['acceptProbabilities', 'targetProbs', 'draftProbs'] as const) {
      const chances = r[what];
      if (chances) checkLength(place, what, chances.length, proposed);
    }
    // Greedy rounds have none of the sampling fields: left out (not undefined), in their place.
    const round = { ...r, round: i + 1 };
    return Object.fromEntries(
      Object.entries(round).filter(([, x]) => x !== undefined),
    ) as typeof round;
  });
}
