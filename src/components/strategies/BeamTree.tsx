import type { BeamCandidate, BeamStep } from '../../engine/strategies/beamRecord';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import { selectBeamStep, useStrategyStore, type StrategyRun } from '../../store/strategyStore';
import { useVocabulary } from '../../store/vocabularies';
import { beamPaths, formatLogProb } from './beamPaths';
import { labelOf, StratToken, textOf } from './StratToken';

const FATES: Record<BeamCandidate['fate'], MessageKey> = {
  kept: 'fateKept',
  ended: 'fateEnded',
  pruned: 'fatePruned',
};

/**
 * A tree node's data attributes (the automation contract): its step, its beam id (empty for a
 * pruned candidate, which became no beam), the beam it extends, its token, its cumulative
 * log-probability, and whether it was kept (a running or ended beam) or pruned.
 */
function nodeData(
  step: number,
  beam: number | null,
  parent: number | null,
  tokenId: number,
  logProb: number,
  kept: boolean,
) {
  return {
    'data-step': step,
    'data-beam': beam ?? '',
    'data-beam-id': beam ?? '',
    'data-parent': parent ?? '',
    'data-token-id': tokenId,
    'data-logprob': logProb,
    'data-kept': kept,
  };
}

/** The candidates a step pruned, folded under the row: the tree keeps its width. */
function PrunedNodes(props: { step: BeamStep; vocab: Vocabulary }) {
  const t = useT();
  const pruned = props.step.expansions.flatMap((e) =>
    e.candidates.filter((c) => c.fate === 'pruned').map((c) => ({ ...c, parent: e.beamId })),
  );
  if (pruned.length === 0) return null;
  return (
    <details className="beam-pruned">
      <summary>{t('beamPrunedCount', { n: pruned.length })}</summary>
      <ul className="beam-nodes">
        {pruned.map((c) => (
          <li
            key={`${c.parent}-${c.tokenId}`}
            className="beam-node fate-pruned"
            data-testid="beam-node"
            {...nodeData(props.step.step, null, c.parent, c.tokenId, c.cumulative, false)}
          >
            <span className="beam-parent">{c.parent}→</span>
            <StratToken id={c.tokenId} vocab={props.vocab} />
            <span className="beam-total">{formatLogProb(c.cumulative)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The candidates of every beam running at the start of `step`, with what became of each. */
function StepDetail(props: { step: BeamStep; paths: Map<number, number[]>; vocab: Vocabulary }) {
  const t = useT();
  const { step, paths, vocab } = props;
  return (
    <div className="beam-detail" data-testid="beam-step-detail" data-step={step.step}>
      <h3>{t('beamShownStep', { n: step.step })}</h3>
      {step.expansions.map((e) => (
        <div key={e.beamId} className="beam-expansion" data-beam-id={e.beamId}>
          <p className="beam-from">
            {t('beamFrom', { id: e.beamId, text: textOf(paths.get(e.beamId) ?? [], vocab) })}
          </p>
          <ol className="beam-candidates">
            {e.candidates.map((c) => (
              <li
                key={c.tokenId}
                className={`beam-candidate fate-${c.fate}`}
                data-testid="beam-candidate"
                data-fate={c.fate}
                data-token-id={c.tokenId}
                aria-label={`${t('beamCandidate', {
                  token: labelOf(c.tokenId, vocab),
                  lp: formatLogProb(c.logProb),
                  total: formatLogProb(c.cumulative),
                })}, ${t(FATES[c.fate])}`}
              >
                <StratToken id={c.tokenId} vocab={vocab} />
                <span className="beam-total">{formatLogProb(c.cumulative)}</span>
                <span className="beam-fate">{t(FATES[c.fate])}</span>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}

/**
 * The beam search as it grows: a row per step with the beams kept there (each linked to the beam
 * it extends), the chosen step's candidates, and at the end the sequences ranked by score.
 */
export function BeamTree(props: { run: StrategyRun }) {
  const t = useT();
  const selected = useStrategyStore((s) => s.selectedStep);
  const { run } = props;
  // The run's own model's vocabulary, not GPT-2's: a Llama-family model's ids are its own.
  const vocab = useVocabulary(run.modelId);
  const steps = run.beamSteps;
  const paths = beamPaths(steps);
  const shown = steps.find((s) => s.step === selected) ?? steps.at(-1);
  const outcome = run.outcome?.strategy === 'beam' ? run.outcome : null;
  const beams = run.settings.strategy === 'beam' ? run.settings.beams : 1;
  const penalty = run.settings.strategy === 'beam' ? run.settings.lengthPenalty : 1;
  return (
    <div className="beam-view">
      <p className="strat-intro">{t('beamIntro', { beams })}</p>
      <p className="strat-note">{t('beamRowLegend')}</p>
      <ol className="beam-tree" data-testid="beam-tree" aria-label={t('beamStepsLabel')}>
        {steps.map((step) => (
          <li key={step.step} className="beam-row" data-testid="beam-step" data-step={step.step}>
            <button
              type="button"
              className="beam-step-button"
              aria-pressed={shown?.step === step.step}
              data-testid="beam-step-button"
              onClick={() => selectBeamStep(step.step)}
            >
              {t('beamStepButton', { n: step.step })}
            </button>
            <ul className="beam-nodes">
              {step.kept.map((node) => (
                <li
                  key={node.id}
                  className="beam-node"
                  data-testid="beam-node"
                  {...nodeData(step.step, node.id, node.parentId, node.tokenId, node.logProb, true)}
                >
                  <span className="beam-parent">{node.parentId}→</span>
                  <StratToken id={node.tokenId} vocab={vocab} />
                  <span className="beam-total">{formatLogProb(node.logProb)}</span>
                </li>
              ))}
              {step.ended.map((node) => (
                <li
                  key={node.id}
                  className="beam-node beam-ended"
                  data-testid="beam-node"
                  data-ended="true"
                  {...nodeData(step.step, node.id, node.parentId, node.tokenId, node.logProb, true)}
                >
                  <span className="beam-parent">{node.parentId}→</span>
                  <StratToken id={node.tokenId} vocab={vocab} />
                  <span className="beam-fate">{t('fateEnded')}</span>
                </li>
              ))}
            </ul>
            <PrunedNodes step={step} vocab={vocab} />
          </li>
        ))}
      </ol>
      {shown && <StepDetail step={shown} paths={paths} vocab={vocab} />}
      {outcome && outcome.final.length > 0 && (
        <div className="beam-final-view">
          <h3>{t('beamFinalTitle')}</h3>
          <p className="strat-note">{t('beamScoreExplained', { penalty })}</p>
          <ol className="beam-final-list">
            {outcome.final.map((beam, i) => (
              <li
                key={beam.id}
                className="beam-final"
                data-testid="beam-result"
                data-rank={i + 1}
                data-score={beam.score}
                data-token-ids={beam.tokens.join(',')}
              >
                <span className="beam-rank">
                  {t('beamFinalItem', { rank: i + 1, score: formatLogProb(beam.score) })}
                </span>{' '}
                <span className="strat-text">{textOf(beam.tokens, vocab)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
