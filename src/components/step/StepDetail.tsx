import { useId, useRef } from 'react';
import type { StepRecord } from '../../engine/generation';
import { useT } from '../../i18n';
import { CandidateRow } from './CandidateRow';
import { ChosenFacts } from './ChosenFacts';
import { short, SLOT, type T } from './format';
import { Glossary } from './Glossary';
import { TokenChip } from './TokenChip';
import './StepDetail.css';

export interface StepDetailProps {
  step: StepRecord;
  strategy: 'greedy' | 'sample';
  topK: number;
  topP: number;
  minP: number;
  promptLength: number;
  /** How many ids the chosen token's rank runs over (ChosenFacts); GPT-2's where not given. */
  vocabSize?: number;
  /** Re-runs from this step with the given token forced; absent while that is not possible. */
  onBranch?: (tokenId: number) => void;
  /**
   * Bars glide to their new lengths when the user moves to another step; not while the steps
   * move on their own (Play, a run being generated), where they would animate without pause.
   */
  animate?: boolean;
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
        <dt title={t('sdGlossBits')}>{t('sdEntropy', { bits: step.entropy.toFixed(2) })}</dt>
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

/** Whether the sampling settings cut the vocabulary at all. */
const cuts = (p: Pick<StepDetailProps, 'topK' | 'topP' | 'minP'>): boolean =>
  p.topK > 0 || p.topP < 1 || p.minP > 0;

/**
 * Min-p's threshold at this step: minP × the probability of the most likely token (after
 * temperature), which every earlier cut-off keeps and which leads the candidate list.
 */
const minPThreshold = (step: StepRecord, minP: number): number => minP * step.candidates[0].prob;

/** What the strategy allowed at this step: the sentences above the list. */
function Rules(props: StepDetailProps & { t: T }) {
  const { step, strategy, topK, topP, minP, t } = props;
  const lines: string[] = [];
  if (strategy === 'greedy') lines.push(t('sdGreedy'));
  else {
    lines.push(t('sdSample'));
    if (topK > 0) lines.push(t('sdTopK', { k: topK }));
    if (topP < 1) lines.push(t('sdTopP', { p: short(topP), pct: `${Math.round(topP * 100)}%` }));
    if (minP > 0) {
      const threshold = minPThreshold(step, minP);
      lines.push(
        t('sdMinP', {
          p: short(minP),
          pct: `${Math.round(minP * 100)}%`,
          threshold: threshold >= 0.001 ? threshold.toFixed(3) : threshold.toExponential(1),
        }),
      );
    }
    // With the cut-off below the list there are no greyed rows; the note under the list says so.
    const greyed = step.candidates.some((c) => !c.eligible);
    if (cuts(props)) {
      lines.push(t('sdCutoffOrder'));
      if (greyed) lines.push(t('sdEligible', { n: step.eligibleCount }));
      // What the draw does with the kept tokens: the number "drawn with" above comes from it.
      lines.push(t('sdRenormalised'));
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

/**
 * The chosen token's row is outside the top list when the engine appended it after the top rows
 * (it was not among them); the engine leaves that row's running sum undefined (NaN) and no other.
 */
function topRowCount(step: StepRecord): number {
  const last = step.candidates.length - 1;
  const row = step.candidates[last];
  return row.id === step.tokenId && Number.isNaN(row.cumulative) ? last : last + 1;
}

/**
 * Why this token came: everything the model weighed at one step (the candidates with their
 * probabilities, what the cut-offs and the temperature did), and a way to ask "what if".
 */
export function StepDetail(props: StepDetailProps) {
  const { step, strategy, minP, onBranch } = props;
  const t = useT();
  const idBase = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const showT1 = step.temperature !== 1;
  const scale = step.candidates.reduce(
    (max, c) => Math.max(max, c.prob, showT1 ? c.probAtT1 : 0),
    Number.MIN_VALUE,
  );
  const topCount = topRowCount(step);
  const listedAt = step.candidates.slice(0, topCount).findIndex((c) => c.id === step.tokenId);
  // The engine's rank; in a run recorded without it, the list's own where the token is listed.
  const chosenRank = step.chosenRank ?? (listedAt >= 0 ? listedAt + 1 : undefined);
  // The eligible set is a prefix of the ranking, so the cut-off falls before the first greyed
  // top row (a forced token listed after them is no place for it).
  const cut = step.candidates.slice(0, topCount).findIndex((c) => !c.eligible);
  const hasCutoff = strategy === 'greedy' || cuts(props);
  const [before, after] = t('sdChoseToken', { token: SLOT }).split(SLOT);
  const cutoff = t('sdCutoffLine', { n: step.eligibleCount });
  // After a branch, focus leaves the row (Space or Enter there would act on it again) for the
  // heading, which then tells of the branch's forced step.
  const branch =
    onBranch &&
    ((tokenId: number) => {
      onBranch(tokenId);
      heading.current?.focus({ preventScroll: true });
    });
  const rows = step.candidates.map((c, i) => (
    <CandidateRow
      // Keyed by rank: moving to another step updates twenty rows in place instead of
      // replacing them (new rows cost a style and layout pass each, on every step of Play).
      key={i}
      c={c}
      rank={i < topCount ? i + 1 : chosenRank}
      outside={i >= topCount}
      topCount={topCount}
      step={step}
      scale={scale}
      showT1={showT1}
      idBase={idBase}
      // Inside the row's list item: a list holds list items only.
      cutoff={i === cut && cut > 0 && hasCutoff ? cutoff : undefined}
      onBranch={branch}
      t={t}
    />
  ));
  return (
    <section
      className={`panel step-detail${props.animate === false ? ' sd-still' : ''}`}
      data-testid="step-detail"
      data-step={step.step}
      data-min-p={minP}
      data-min-p-threshold={
        strategy === 'sample' && minP > 0 ? minPThreshold(step, minP) : undefined
      }
    >
      <header className="sd-head">
        <h2 ref={heading} tabIndex={-1}>
          {t('stepDetail', { n: step.step })}
          {step.forced && <span className="sd-badge">{t('sdForced')}</span>}
        </h2>
        <p className="sd-choice">
          {before}
          <TokenChip token={step.token} id={step.tokenId} t={t} />
          {after}
        </p>
        <ChosenFacts
          step={step}
          rank={chosenRank}
          cutoffDraw={strategy === 'sample' && cuts(props)}
          topCount={topCount}
          vocabSize={props.vocabSize}
          t={t}
        />
      </header>
      <Facts step={step} promptLength={props.promptLength} t={t} />
      <Rules {...props} t={t} />
      <h3>{t('candidates')}</h3>
      <div className="sd-columns" aria-hidden="true">
        <span className="sd-rank">#</span>
        <span className="sd-h-token">{t('sdColToken')}</span>
        <span className="sd-h-bars" />
        <span className="sd-num sd-prob">{t('prob')}</span>
        <span className="sd-num sd-cum" title={t('sdGlossSum')}>
          {t('sdColCumulative')}
        </span>
        <span className="sd-num sd-logit" title={t('sdGlossLogit')}>
          {t('logit')}
        </span>
        <span className="sd-h-mark" />
      </div>
      <ol className="sd-list">{rows}</ol>
      {cut === -1 && hasCutoff && step.eligibleCount > topCount && (
        <p className="sd-note">{t('sdCutoffBelow', { n: step.eligibleCount })}</p>
      )}
      <Glossary t={t} />
    </section>
  );
}
