import { useId } from 'react';
import type { CandidateView, StepRecord } from '../../engine/generation';
import type { TokenView } from '../../engine/tokenizer';
import { useT } from '../../i18n';
import './StepDetail.css';

type T = ReturnType<typeof useT>;

export interface StepDetailProps {
  step: StepRecord;
  strategy: 'greedy' | 'sample';
  topK: number;
  topP: number;
  promptLength: number;
  /** Re-runs from this step with the given token forced; absent while that is not possible. */
  onBranch?: (tokenId: number) => void;
  /**
   * Bars glide to their new lengths when the user moves to another step; not while the steps
   * move on their own (Play, a run being generated), where they would animate without pause.
   */
  animate?: boolean;
}

// Small probabilities get more digits so they do not all read as 0.0%; a bound below that.
function percent(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p > 0 && p < 0.00001) return '<0.001%';
  return `${(p * 100).toFixed(p > 0 && p < 0.001 ? 3 : 1)}%`;
}

/** Drops trailing zeros: T = 0.7, not 0.70. */
const short = (v: number): string => String(Number(v.toFixed(2)));

/** Control characters would break the row or be invisible; show them as glyphs (text only). */
const visible = (label: string): string =>
  label.replace(/\n/g, '↵').replace(/\r/g, '␍').replace(/\t/g, '⇥');

// A placeholder that cannot occur in a translation, so "{token}" can become an element while the
// sentence keeps each language's own word order.
const SLOT = '\u0000';

function TokenChip(props: { token: TokenView; id: number; t: T }) {
  const { token, id, t } = props;
  const title = t('sdTokenTitle', { id, hex: token.hex });
  return (
    <span
      className={`sd-token${token.complete ? '' : ' sd-fragment'}`}
      title={token.complete ? title : `${title} · ${t('sdFragment')}`}
    >
      {visible(token.label)}
    </span>
  );
}

function Facts(props: { step: StepRecord; promptLength: number; t: T }) {
  const { step, promptLength, t } = props;
  const earlier = Math.max(0, step.contextLength - promptLength);
  // 2^H: the number of equally likely tokens that would be just as uncertain.
  const equivalent = 2 ** step.entropy;
  return (
    <dl className="sd-facts">
      <div>
        <dt>{t('stepRead', { n: step.contextLength })}</dt>
        <dd>
          {t('sdReadDetail', { prompt: Math.min(promptLength, step.contextLength), earlier })}
        </dd>
      </div>
      <div>
        <dt>{t('sdModelMs', { ms: step.modelMs.toFixed(1) })}</dt>
        {step.step === 1 && <dd>{t('sdPrefill')}</dd>}
      </div>
      <div>
        <dt>{t('sdEntropy', { bits: step.entropy.toFixed(2) })}</dt>
        <dd>
          {t('sdEntropyHelp', {
            bits: step.entropy.toFixed(1),
            n: equivalent >= 10 ? Math.round(equivalent) : equivalent.toFixed(1),
          })}
        </dd>
      </div>
    </dl>
  );
}

/** What the strategy allowed at this step: the sentences above the list. */
function Rules(props: StepDetailProps & { t: T }) {
  const { step, strategy, topK, topP, t } = props;
  const lines: string[] = [];
  if (strategy === 'greedy') lines.push(t('sdGreedy'));
  else {
    lines.push(t('sdSample'));
    if (topK > 0) lines.push(t('sdTopK', { k: topK }));
    if (topP < 1) lines.push(t('sdTopP', { p: short(topP), pct: `${Math.round(topP * 100)}%` }));
    // With the cut-off below the list there are no greyed rows; the note under the list says so.
    const greyed = step.candidates.some((c) => !c.eligible);
    if (topK > 0 || topP < 1) {
      if (greyed) lines.push(t('sdEligible', { n: step.eligibleCount }));
    } else lines.push(t('sdNoCutoff', { n: step.eligibleCount.toLocaleString() }));
  }
  if (step.temperature !== 1) {
    const key = step.temperature < 1 ? 'sdTempSharpen' : 'sdTempFlatten';
    lines.push(t(key, { t: short(step.temperature) }));
  }
  return (
    <div className="sd-rules">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {step.temperature !== 1 && (
        <p className="sd-legend" aria-hidden="true">
          <span className="sd-swatch" /> {t('sdTempAt', { t: short(step.temperature) })}
          <span className="sd-swatch sd-swatch-t1" /> {t('sdTempAt', { t: 1 })}
        </p>
      )}
      {props.onBranch && <p className="sd-hint">{t('sdBranchHint')}</p>}
    </div>
  );
}

interface RowProps {
  c: CandidateView;
  rank: number;
  step: StepRecord;
  scale: number;
  showT1: boolean;
  idBase: string;
  /** The cut-off line's text, drawn above this row: the first row the strategy left out. */
  cutoff?: string;
  onBranch?: (tokenId: number) => void;
  t: T;
}

function CandidateRow(props: RowProps) {
  const { c, rank, step, scale, showT1, idBase, cutoff, onBranch, t } = props;
  const chosen = c.id === step.tokenId;
  const id = `${idBase}-${rank}`;
  // Bars are scaled, not sized: a transform changes no layout, and its transition runs on the
  // compositor.
  const bar = (p: number) => ({ transform: `scaleX(${Math.min(1, p / scale)})` });
  // The button is named by what it shows (token, probability, running total, logit, mark), so the
  // name holds the visible text (WCAG 2.5.3, "label in name"); what a click does is its
  // description.
  return (
    <li className="sd-item">
      {cutoff && <p className="sd-cutoff">{cutoff}</p>}
      {onBranch && (
        <span id={`${id}-b`} hidden>
          {t('sdBranch', { token: visible(c.token.label), n: step.step })}
        </span>
      )}
      <button
        type="button"
        className={`sd-row${chosen ? ' sd-chosen' : ''}${c.eligible ? '' : ' sd-ineligible'}`}
        data-testid="candidate"
        data-token-id={c.id}
        data-prob={c.prob}
        data-logit={c.logit}
        data-chosen={chosen ? 'true' : 'false'}
        data-eligible={c.eligible ? 'true' : 'false'}
        disabled={!onBranch}
        onClick={() => onBranch?.(c.id)}
        aria-describedby={onBranch ? `${id}-b` : undefined}
      >
        <span className="sd-rank" aria-hidden="true">
          {rank}
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
            <small>
              {t('sdTempAt', { t: 1 })}: {percent(c.probAtT1)}
            </small>
          )}
        </span>
        <span className="sd-num sd-cum" title={t('sdCumulativeHelp')}>
          <span className="sd-sr">{t('sdColCumulative')} </span>Σ {percent(c.cumulative)}
        </span>
        <span className="sd-num sd-logit">
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

/**
 * Why this token came: everything the model weighed at one step (the candidates with their
 * probabilities, what the cut-offs and the temperature did), and a way to ask "what if".
 */
export function StepDetail(props: StepDetailProps) {
  const { step, strategy, topK, topP, onBranch } = props;
  const t = useT();
  const idBase = useId();
  const showT1 = step.temperature !== 1;
  const scale = step.candidates.reduce(
    (max, c) => Math.max(max, c.prob, showT1 ? c.probAtT1 : 0),
    Number.MIN_VALUE,
  );
  // The eligible set is a prefix of the ranking, so the cut-off falls before the first greyed row.
  const cut = step.candidates.findIndex((c) => !c.eligible);
  const hasCutoff = strategy === 'greedy' || topK > 0 || topP < 1;
  const [before, after] = t('sdChosen', { token: SLOT, prob: percent(step.chosenProb) }).split(
    SLOT,
  );
  const cutoff = t('sdCutoffLine', { n: step.eligibleCount });
  const rows = step.candidates.map((c, i) => (
    <CandidateRow
      // Keyed by rank: moving to another step updates twenty rows in place instead of
      // replacing them (new rows cost a style and layout pass each, on every step of Play).
      key={i}
      c={c}
      rank={i + 1}
      step={step}
      scale={scale}
      showT1={showT1}
      idBase={idBase}
      // Inside the row's list item: a list holds list items only.
      cutoff={i === cut && cut > 0 && hasCutoff ? cutoff : undefined}
      onBranch={onBranch}
      t={t}
    />
  ));
  return (
    <section
      className={`panel step-detail${props.animate === false ? ' sd-still' : ''}`}
      data-testid="step-detail"
      data-step={step.step}
    >
      <header className="sd-head">
        <h2>
          {t('stepDetail', { n: step.step })}
          {step.forced && <span className="sd-badge">{t('sdForced')}</span>}
        </h2>
        <p className="sd-choice">
          {before}
          <TokenChip token={step.token} id={step.tokenId} t={t} />
          {after}
        </p>
      </header>
      <Facts step={step} promptLength={props.promptLength} t={t} />
      <Rules {...props} t={t} />
      <h3>{t('candidates')}</h3>
      <div className="sd-columns" aria-hidden="true">
        <span className="sd-rank">#</span>
        <span className="sd-h-token">{t('sdColToken')}</span>
        <span className="sd-h-bars" />
        <span className="sd-num sd-prob">{t('prob')}</span>
        <span className="sd-num sd-cum">{t('sdColCumulative')}</span>
        <span className="sd-num sd-logit">{t('logit')}</span>
        <span className="sd-h-mark" />
      </div>
      <ol className="sd-list">{rows}</ol>
      {cut === -1 && hasCutoff && step.eligibleCount > step.candidates.length && (
        <p className="sd-note">{t('sdCutoffBelow', { n: step.eligibleCount })}</p>
      )}
    </section>
  );
}
