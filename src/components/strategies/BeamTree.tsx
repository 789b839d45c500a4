import type { BeamCandidate, BeamStep } from '../../engine/strategies/beamRecord';
import { viewToken } from '../../engine/tokenizer';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import { selectBeamStep, useStrategyStore, type StrategyRun } from '../../store/strategyStore';
import { beamPaths, formatLogProb } from './beamPaths';

const FATES: Record<BeamCandidate['fate'], MessageKey> = {
  kept: 'fateKept',
  ended: 'fateEnded',
  pruned: 'fatePruned',
};

/** A sequence of tokens as text (never HTML): each token's label, run together. */
const textOf = (ids: readonly number[]): string => ids.map((id) => viewToken(id).label).join('');

/** One token as a chip. */
function Token(props: { id: number }) {
  const view = viewToken(props.id);
  return (
    <span className="strat-token" data-token-id={props.id} title={view.hex}>
      {view.label}
    </span>
  );
}

/** The candidates of every beam running at the start of `step`, with what became of each. */
function StepDetail(props: { step: BeamStep; paths: Map<number, number[]> }) {
  const t = useT();
  const { step, paths } = props;
  return (
    <div className="beam-detail" data-testid="beam-step-detail" data-step={step.step}>
      <h3>{t('beamShownStep', { n: step.step })}</h3>
      {step.expansions.map((e) => (
        <div key={e.beamId} className="beam-expansion" data-beam-id={e.beamId}>
          <p className="beam-from">
            {t('beamFrom', { id: e.beamId, text: textOf(paths.get(e.beamId) ?? []) })}
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
                  token: viewToken(c.tokenId).label,
                  lp: formatLogProb(c.logProb),
                  total: formatLogProb(c.cumulative),
                })}, ${t(FATES[c.fate])}`}
              >
                <Token id={c.tokenId} />
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
                  data-beam-id={node.id}
                >
                  <span className="beam-parent">{node.parentId}→</span>
                  <Token id={node.tokenId} />
                  <span className="beam-total">{formatLogProb(node.logProb)}</span>
                </li>
              ))}
              {step.ended.map((node) => (
                <li key={node.id} className="beam-node beam-ended" data-beam-id={node.id}>
                  <span className="beam-parent">{node.parentId}→</span>
                  <Token id={node.tokenId} />
                  <span className="beam-fate">{t('fateEnded')}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {shown && <StepDetail step={shown} paths={paths} />}
      {outcome && outcome.final.length > 0 && (
        <div className="beam-final-view">
          <h3>{t('beamFinalTitle')}</h3>
          <p className="strat-note">{t('beamScoreExplained', { penalty })}</p>
          <ol className="beam-final-list">
            {outcome.final.map((beam, i) => (
              <li
                key={beam.id}
                className="beam-final"
                data-testid="beam-final"
                data-rank={i + 1}
                data-score={beam.score}
                data-token-ids={beam.tokens.join(',')}
              >
                <span className="beam-rank">
                  {t('beamFinalItem', { rank: i + 1, score: formatLogProb(beam.score) })}
                </span>{' '}
                <span className="strat-text">{textOf(beam.tokens)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

export { textOf };
