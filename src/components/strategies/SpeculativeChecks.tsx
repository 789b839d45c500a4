import type { SpeculativeRound } from '../../engine/strategies/speculative';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { useT } from '../../i18n';
import { labelOf } from './StratToken';

/** A probability as read on screen: three decimals, or two significant digits when below 0.001. */
export function formatProb(x: number): string {
  if (x === 0 || x >= 0.001) return x.toFixed(3);
  return x.toPrecision(2);
}

/** What a round's own token was drawn from, by its kind. */
const DRAW_TEXT = {
  correction: 'specResidualDraw',
  bonus: 'specBonusDraw',
  own: 'specOwnDraw',
} as const;

/**
 * A sampled round's acceptance rule at work: for each checked proposal x its p(x) (the model's),
 * q(x) (the draft's) and chance min(1, p/q) of being kept, kept or rejected; then what the round's
 * own token was drawn from (after a rejection: the residual max(0, p − q), normalised) and the
 * chance it had there. Nothing for a greedy round, which records none of these.
 */
export function SpeculativeChecks(props: { round: SpeculativeRound; vocab: Vocabulary }) {
  const t = useT();
  const { round, vocab } = props;
  const { acceptProbabilities, targetProbs, draftProbs, tokenProb } = round;
  if (!acceptProbabilities || !targetProbs || !draftProbs) return null;
  // The round's token is shown only when it was added (not cut after an end-of-text proposal).
  const tokenAdded = round.added.length > round.accepted && tokenProb !== undefined;
  return (
    <>
      <dt>{t('specChecks')}</dt>
      <dd>
        <ul className="spec-checks">
          {acceptProbabilities.map((a, i) => {
            const kept = i < round.accepted;
            const values = {
              token: labelOf(round.proposed[i], vocab),
              p: formatProb(targetProbs[i]),
              q: formatProb(draftProbs[i]),
              a: formatProb(a),
            };
            return (
              <li
                key={i}
                data-testid="spec-check"
                data-verdict={kept ? 'kept' : 'rejected'}
                data-token-id={round.proposed[i]}
                data-p={targetProbs[i]}
                data-q={draftProbs[i]}
                data-accept-probability={a}
              >
                {t(kept ? 'specCheckKept' : 'specCheckRejected', values)}
              </li>
            );
          })}
          {tokenAdded && (
            <li
              data-testid="spec-draw"
              data-from={round.tokenKind === 'correction' ? 'residual' : 'target'}
              data-token-id={round.token}
              data-prob={tokenProb}
            >
              {t(DRAW_TEXT[round.tokenKind], {
                token: labelOf(round.token, vocab),
                r: formatProb(tokenProb),
              })}
            </li>
          )}
        </ul>
      </dd>
    </>
  );
}
