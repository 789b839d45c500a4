import { useT } from '../../i18n';
import type { StrategyOutcome } from '../../worker/protocol';
import { useAppStore } from '../../store/appStore';
import { runStrategy, stopStrategy } from '../../store/strategyActions';
import {
  draftFor,
  strategyProblems,
  useStrategyStore,
  type StrategyProblem,
  type StrategyRun,
} from '../../store/strategyStore';
import { targetVocab } from '../../store/speculativeDraft';
import { LabelButton } from '../shared/LabelButton';
import { BeamTree } from './BeamTree';
import { JacobiRounds } from './JacobiRounds';
import { SpeculativeRounds } from './SpeculativeRounds';
import { StrategyExport } from './StrategyExport';
import { StrategyTokens } from './StrategyTokens';
import { sameTokens } from './beamPaths';
import './Strategies.css';

/** The run's own tokens: the best beam's, or the tokens; null before the end or when refused. */
function outputTokens(outcome: StrategyOutcome | null): number[] | null {
  if (!outcome) return null;
  if (outcome.strategy === 'beam') return outcome.final[0]?.tokens ?? [];
  return 'tokens' in outcome ? outcome.tokens : null;
}

function ProblemText(props: { problem: StrategyProblem }) {
  const t = useT();
  const { problem } = props;
  const text =
    problem.kind === 'prompt_empty'
      ? t('strategyPromptEmpty')
      : problem.kind === 'too_long'
        ? t('strategyTooLong', { n: problem.count, limit: problem.limit })
        : problem.kind === 'no_model'
          ? t('strategyNoModel')
          : problem.kind === 'draft_misfit'
            ? t('specDraftMisfit', { id: problem.draft, vocab: problem.vocab })
            : problem.kind === 'draft_tokens'
              ? t('specDraftOtherTokens', { id: problem.draft })
              : t('strategyFailed', { detail: problem.detail });
  return (
    <p className="strat-problem" role="alert" data-testid="strategy-problem">
      {text}
    </p>
  );
}

/** The strategy's tokens against greedy decoding's: equal or not, passes, and time on this page. */
function StrategyCompare(props: { outcome: StrategyOutcome }) {
  const t = useT();
  const { outcome } = props;
  const tokens = outputTokens(outcome);
  if (!tokens || !('greedy' in outcome)) return null;
  const { greedy } = outcome;
  const same = greedy ? sameTokens(tokens, greedy.tokens) : null;
  return (
    <section
      className="strat-compare"
      data-testid="strategy-compare"
      data-same-tokens={same === null ? '' : same ? 'yes' : 'no'}
      data-passes={outcome.modelPasses}
      data-tokens={tokens.length}
      data-greedy-token-ids={greedy ? greedy.tokens.join(',') : ''}
      aria-label={t('stratCompareTitle')}
    >
      <h3>{t('stratCompareTitle')}</h3>
      {greedy ? (
        <ul>
          <li>
            {t('stratCompareSameTokens')}:{' '}
            <strong className={same ? 'strat-yes' : 'strat-no'}>
              {same ? t('stratCompareYes') : t('stratCompareNo')}
            </strong>
          </li>
          <li>
            {t('stratComparePasses', {
              passes: outcome.modelPasses,
              tokens: tokens.length,
              greedyPasses: greedy.modelPasses,
            })}
          </li>
          {outcome.strategy === 'beam' && outcome.batched !== undefined && (
            <li data-testid="beam-batched" data-batched={outcome.batched ? 'yes' : 'no'}>
              {t(outcome.batched ? 'beamPassesBatched' : 'beamPassesPerBeam')}
            </li>
          )}
          <li>
            {t('stratCompareTime', {
              ms: Math.round(outcome.ms),
              greedyMs: Math.round(greedy.ms),
            })}
          </li>
        </ul>
      ) : (
        <p>{t('stratCompareNoGreedy')}</p>
      )}
    </section>
  );
}

function RunView(props: { run: StrategyRun }) {
  const t = useT();
  const { run } = props;
  const tokens = outputTokens(run.outcome);
  return (
    <div className="strat-run" data-testid="strategy-run-view" data-status={run.status}>
      {run.status === 'running' && (
        <p className="strat-status" role="status">
          {t('strategyRunning')}
        </p>
      )}
      {run.status === 'stopped' && (
        <p className="strat-status" role="status" data-testid="strategy-stopped">
          {t('strategyStopped')}
        </p>
      )}
      {run.problem && <ProblemText problem={run.problem} />}
      {run.settings.strategy === 'beam' ? (
        <BeamTree run={run} />
      ) : run.settings.strategy === 'speculative' ? (
        <SpeculativeRounds run={run} />
      ) : (
        <JacobiRounds run={run} />
      )}
      {tokens && (
        <p className="strat-output">
          <span>{t('beamBestText')}: </span>
          <StrategyTokens modelId={run.modelId} promptIds={run.promptIds} tokens={tokens} />
        </p>
      )}
      {run.outcome && <StrategyCompare outcome={run.outcome} />}
    </div>
  );
}

/** Each strategy's heading and Run button. */
const TEXTS = {
  beam: { title: 'beamTitle', run: 'strategyRunBeam' },
  jacobi: { title: 'jacobiTitle', run: 'strategyRunJacobi' },
  speculative: { title: 'specTitle', run: 'strategyRunSpeculative' },
} as const;

/**
 * Beam search, Jacobi or speculative decoding on the settings' prompt, with its Run and Stop buttons; shown
 * while one of them is chosen in the settings, or while its last run is on screen.
 */
export function StrategyPanel() {
  const t = useT();
  const choice = useStrategyStore((s) => s.choice);
  const run = useStrategyStore((s) => s.run);
  const modelId = useAppStore((s) => s.settings.modelId);
  const vocab = useAppStore((s) => targetVocab(s, modelId));
  const blocked = useStrategyStore(
    (s) =>
      strategyProblems(s).length > 0 ||
      (s.choice === 'speculative' && draftFor(s, modelId, vocab) === null),
  );
  if (choice === 'chain' && !run) return null;
  const running = run?.status === 'running';
  const shown = run?.settings.strategy ?? (choice === 'chain' ? 'beam' : choice);
  const title = TEXTS[shown].title;
  return (
    <section className="panel strategies" data-testid="strategy-panel" aria-label={t(title)}>
      <h2>{t(title)}</h2>
      <div className="strat-buttons">
        {choice !== 'chain' && (
          <button
            type="button"
            data-testid="strategy-run"
            disabled={running || blocked}
            onClick={() => void runStrategy()}
          >
            {t(TEXTS[choice].run)}
          </button>
        )}
        <LabelButton
          testId="strategy-stop"
          label="strategyStop"
          disabled={!running}
          onClick={stopStrategy}
        />
        <StrategyExport />
      </div>
      {run && <RunView run={run} />}
    </section>
  );
}
