import { roundCounts, type SpeculativeRound } from '../../engine/strategies/speculative';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import type { StrategyRun } from '../../store/strategyStore';
import { useVocabulary } from '../../store/vocabularies';
import type { LoadPhase } from '../../worker/protocol';
import { SpeculativeChecks } from './SpeculativeChecks';
import { StratToken } from './StratToken';

const PHASES: Record<LoadPhase, MessageKey> = {
  download: 'specPhaseDownload',
  build: 'specPhaseBuild',
  session: 'specPhaseSession',
  warmup: 'specPhaseWarmup',
};

type TokenState = 'accepted' | 'rejected' | 'plain' | SpeculativeRound['tokenKind'];

const KIND_LABELS: Record<SpeculativeRound['tokenKind'], MessageKey> = {
  correction: 'specCorrection',
  bonus: 'specBonus',
  own: 'specOwn',
};

/** One token as text (never HTML), with its state as a class and an attribute. */
function Token(props: { id: number; state: TokenState; testId?: string; vocab: Vocabulary }) {
  const { id, state, testId, vocab } = props;
  return (
    <StratToken id={id} vocab={vocab} className={`spec-${state}`} state={state} testId={testId} />
  );
}

function Round(props: { round: SpeculativeRound; vocab: Vocabulary }) {
  const t = useT();
  const { round, vocab } = props;
  const { proposed, accepted, targetTokens, tokenKind, added } = round;
  // What the round added, cut at end-of-text: the target's token is among it only when no kept
  // proposal was the end.
  const tokenAdded = added.length > accepted;
  const sampled = round.acceptProbabilities !== undefined;
  return (
    <li
      className="jacobi-round spec-round"
      data-testid="spec-round"
      data-round={round.round}
      data-proposed={proposed.length}
      data-accepted={accepted}
      data-token-kind={tokenKind}
    >
      <h4>{t('specRound', { n: round.round })}</h4>
      <dl>
        <dt>{t('specProposed')}</dt>
        <dd data-testid="spec-proposed" data-token-ids={proposed.join(',')}>
          {proposed.map((id, i) => (
            <Token key={i} id={id} state={i < accepted ? 'accepted' : 'rejected'} vocab={vocab} />
          ))}
        </dd>
        {/* A sampled round is checked by the rule (SpeculativeChecks), not against the argmax. */}
        {!sampled && (
          <>
            <dt>{t('specTargetChoice')}</dt>
            <dd data-testid="spec-target" data-token-ids={targetTokens.join(',')}>
              {targetTokens.map((id, i) => (
                <Token key={i} id={id} state={i < accepted ? 'accepted' : 'plain'} vocab={vocab} />
              ))}
            </dd>
          </>
        )}
        <dt>{t('specAdded')}</dt>
        <dd data-testid="spec-added" data-token-ids={round.added.join(',')}>
          {added.map((id, i) =>
            i < accepted ? (
              <Token key={i} id={id} state="accepted" vocab={vocab} />
            ) : (
              <Token key={i} id={id} state={tokenKind} testId="spec-token" vocab={vocab} />
            ),
          )}
          <span className="spec-kind">{t(tokenAdded ? KIND_LABELS[tokenKind] : 'specEnded')}</span>
        </dd>
        <SpeculativeChecks round={round} vocab={vocab} />
      </dl>
    </li>
  );
}

/** The counters a run shows: from its outcome once it ended, else from its newest round. */
function counters(run: StrategyRun) {
  const outcome = run.outcome?.strategy === 'speculative' ? run.outcome : null;
  const last = run.specRounds.at(-1);
  // Counted as the engine counts them: up to end-of-text.
  const sum = (pick: (r: { proposed: number; accepted: number }) => number): number =>
    run.specRounds.reduce((total, r) => total + pick(roundCounts(r)), 0);
  return {
    proposed: outcome?.proposed ?? sum((r) => r.proposed),
    accepted: outcome?.accepted ?? sum((r) => r.accepted),
    targetPasses: outcome?.modelPasses ?? last?.targetPasses ?? 0,
    draftPasses: outcome?.draftPasses ?? last?.draftPasses ?? 0,
    tokens: outcome?.tokens.length ?? last?.generated ?? 0,
  };
}

/**
 * Speculative decoding round by round: the draft's proposals, the one pass of the model that
 * checked them, what was kept (green), what was rejected (struck out), the model's own token
 * (correction or bonus); acceptance rate and passes against tokens.
 */
export function SpeculativeRounds(props: { run: StrategyRun }) {
  const t = useT();
  const { run } = props;
  // The run's own model's vocabulary, not GPT-2's (hooks before the early return).
  const vocab = useVocabulary(run.modelId);
  if (run.settings.strategy !== 'speculative') return null;
  const { k, draft, sampling } = run.settings;
  const c = counters(run);
  const rate = c.proposed > 0 ? c.accepted / c.proposed : null;
  const load = run.draftLoad;
  return (
    <div className="jacobi-view spec-view">
      <p className="strat-intro">{t('specIntro', { draft: draft.id, k, target: run.modelId })}</p>
      {sampling && (
        <p
          className="strat-note"
          data-testid="spec-sampling"
          data-temperature={sampling.temperature}
          data-seed={sampling.seed}
        >
          {t('specSampledIntro', { temperature: sampling.temperature, seed: sampling.seed })}
        </p>
      )}
      <p className="strat-same" data-testid="spec-same-as-greedy" data-sampled={!!sampling}>
        {t(sampling ? 'specSameSampled' : 'specSame')}
      </p>
      <p className="strat-note">{t('specCost')}</p>
      {load && run.status === 'running' && (
        <p className="strat-status" role="status" data-testid="spec-draft-load">
          {load.total
            ? t('specDraftLoadingShare', {
                id: load.modelId,
                phase: t(PHASES[load.phase]),
                percent: Math.round((100 * load.loaded) / load.total),
              })
            : t('specDraftLoading', { id: load.modelId, phase: t(PHASES[load.phase]) })}
        </p>
      )}
      <p className="jacobi-counters" aria-live="polite">
        <span
          data-testid="acceptance-rate"
          data-value={rate === null ? '' : rate.toFixed(4)}
          data-accepted={c.accepted}
          data-proposed={c.proposed}
        >
          {rate === null
            ? t('specAcceptanceNone')
            : t('specAcceptance', {
                rate: Math.round(rate * 100),
                accepted: c.accepted,
                proposed: c.proposed,
              })}
        </span>
        {' · '}
        <span
          data-testid="model-passes"
          data-value={c.targetPasses}
          data-draft-passes={c.draftPasses}
          data-tokens={c.tokens}
        >
          {t('specPasses', { target: c.targetPasses, draft: c.draftPasses, tokens: c.tokens })}
        </span>
      </p>
      {run.outcome && run.specRounds.length === 0 && (
        <p className="strat-note">{t('specNoRounds')}</p>
      )}
      <ol className="jacobi-round-list" data-testid="spec-rounds">
        {run.specRounds.map((round) => (
          <Round key={round.round} round={round} vocab={vocab} />
        ))}
      </ol>
    </div>
  );
}
