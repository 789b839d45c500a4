import type { CandidateView, StepRecord } from '../../engine/generation';
import { percent, visible, type T } from './format';
import { TokenChip } from './TokenChip';
import './CandidateRow.css';

export interface CandidateRowProps {
  c: CandidateView;
  /** The row's place in the ranking, from 1; undefined where it is not known (an older run). */
  rank: number | undefined;
  /** The chosen token listed after the top rows because it is not among them. */
  outside: boolean;
  /** How many top rows the list holds, for a rank that is not known: "beyond the top N". */
  topCount: number;
  step: StepRecord;
  scale: number;
  showT1: boolean;
  idBase: string;
  /** The cut-off line's text, drawn above this row: the first row the strategy left out. */
  cutoff?: string;
  onBranch?: (tokenId: number) => void;
  t: T;
}

/** One candidate: its rank, token, bars and numbers; a click forces it (unless it was chosen). */
export function CandidateRow(props: CandidateRowProps) {
  const { c, rank, outside, topCount, step, scale, showT1, idBase, cutoff, onBranch, t } = props;
  const chosen = c.id === step.tokenId;
  const id = `${idBase}-${c.id}`;
  // Bars are scaled, not sized: a transform changes no layout, and its transition runs on the
  // compositor.
  const bar = (p: number) => ({ transform: `scaleX(${Math.min(1, p / scale)})` });
  const token = visible(c.token.label);
  // Forcing the token already chosen would copy the run: that row says so and does nothing.
  const description = chosen
    ? t('sdAlreadyChosen', { token, n: step.step })
    : t('sdBranch', { token, n: step.step });
  // The button is named by what it shows (token, probability, running total, logit, mark), so the
  // name holds the visible text (WCAG 2.5.3, "label in name"); what a click does is its
  // description.
  return (
    <li className="sd-item">
      {cutoff && <p className="sd-cutoff">{cutoff}</p>}
      {outside && <p className="sd-gap">{t('sdRankBeyond', { n: topCount })}</p>}
      {onBranch && (
        <span id={`${id}-b`} hidden>
          {description}
        </span>
      )}
      <button
        type="button"
        className={`sd-row${chosen ? ' sd-chosen' : ''}${c.eligible ? '' : ' sd-ineligible'}`}
        data-testid="candidate"
        data-token-id={c.id}
        data-prob={c.prob}
        data-logit={c.logit}
        data-rank={rank}
        data-chosen={chosen ? 'true' : 'false'}
        data-eligible={c.eligible ? 'true' : 'false'}
        disabled={!onBranch}
        onClick={chosen ? undefined : () => onBranch?.(c.id)}
        aria-describedby={onBranch ? `${id}-b` : undefined}
      >
        <span className={`sd-rank${outside ? ' sd-rank-far' : ''}`} aria-hidden="true">
          {rank === undefined ? `>${topCount}` : rank.toLocaleString()}
        </span>
        <TokenChip token={c.token} id={c.id} t={t} />
        <span className="sd-bars" aria-hidden="true">
          <span className="sd-bar" style={bar(c.prob)} />
          {showT1 && <span className="sd-bar sd-bar-t1" style={bar(c.probAtT1)} />}
        </span>
        <span className="sd-num sd-prob">
          <span className="sd-sr">{t('prob')} </span>
          {percent(c.prob)}
          {showT1 && (
            <small>{t('probAt', { at: t('sdTempAt', { t: 1 }), prob: percent(c.probAtT1) })}</small>
          )}
        </span>
        <span className="sd-num sd-cum" title={t('sdCumulativeHelp')}>
          <span className="sd-sr">{t('sdColCumulative')} </span>Σ {percent(c.cumulative)}
        </span>
        <span className="sd-num sd-logit" title={t('sdGlossLogit')}>
          <span className="sd-sr">{t('logit')} </span>
          {c.logit.toFixed(2)}
        </span>
        <span className="sd-mark">
          {chosen && `✓ ${t('chosen')}`}
          {!c.eligible && <span className="sd-sr">{t('sdCutOff')}</span>}
        </span>
      </button>
    </li>
  );
}
