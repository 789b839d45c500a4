import type { JacobiRound } from '../../engine/strategies/jacobi';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { modelFromId } from '../../engine/modelCatalog';
import { useT } from '../../i18n';
import type { StrategyRun } from '../../store/strategyStore';
import { useVocabulary } from '../../store/vocabularies';
import { StratToken, textOf } from './StratToken';

type TokenState = 'accepted' | 'rejected' | 'plain';

/** A row of tokens, each shown as text with its state: green when accepted, struck when rejected. */
function TokenRow(props: {
  ids: readonly number[];
  state: (i: number) => TokenState;
  kind: string;
  vocab: Vocabulary;
}) {
  return (
    <span className="jacobi-tokens" data-testid={`jacobi-${props.kind}`}>
      {props.ids.map((id, i) => {
        const state = props.state(i);
        return (
          <StratToken
            key={i}
            id={id}
            vocab={props.vocab}
            className={`jacobi-${state}`}
            state={state}
          />
        );
      })}
    </span>
  );
}

function Round(props: { round: JacobiRound; vocab: Vocabulary }) {
  const t = useT();
  const { round, vocab } = props;
  // fed[0] is known; fed[1..m−1] were confirmed; fed[m..] are the rejected ones.
  const fixed = round.fed.length - round.rejected.length;
  return (
    // The window moves on after every pass (the tokens it fixed leave it): each iteration is a
    // round of its own, so data-round and data-iteration agree (docs/automation.md).
    <li
      className="jacobi-round"
      data-testid="jacobi-iteration"
      data-round={round.round}
      data-iteration={round.round}
      data-fixed={round.accepted.length}
      data-generated={round.generated}
    >
      <h4>{t('jacobiRound', { n: round.round })}</h4>
      <dl>
        <dt>{t('jacobiFed')}</dt>
        <dd>
          <TokenRow
            ids={round.fed}
            // fed[0] was known before the pass; the guesses up to fixed − 1 were confirmed.
            state={(i) => (i >= fixed ? 'rejected' : i > 0 ? 'accepted' : 'plain')}
            kind="fed"
            vocab={vocab}
          />
        </dd>
        <dt>{t('jacobiPredicted')}</dt>
        <dd>
          <TokenRow
            ids={round.predicted}
            state={(i) => (i < round.accepted.length ? 'accepted' : 'plain')}
            kind="predicted"
            vocab={vocab}
          />
        </dd>
        <dt>{t('jacobiAccepted')}</dt>
        <dd data-testid="jacobi-accepted" data-token-ids={round.accepted.join(',')}>
          {textOf(round.accepted, vocab)}
        </dd>
        {round.rejected.length > 0 && (
          <>
            <dt>{t('jacobiRejected')}</dt>
            <dd>
              <TokenRow
                ids={round.rejected}
                state={() => 'rejected'}
                kind="rejected"
                vocab={vocab}
              />
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}

/** Jacobi decoding round by round: what was guessed, the one pass that checked it, what stayed. */
export function JacobiRounds(props: { run: StrategyRun }) {
  const t = useT();
  const { run } = props;
  const vocab = useVocabulary(run.modelId);
  const window = run.settings.strategy === 'jacobi' ? run.settings.window : 1;
  const outcome = run.outcome?.strategy === 'jacobi' ? run.outcome : null;
  // The 8-bit files quantize a pass's activations with one scale over every fed row: a wider
  // pass rounds them otherwise than one pass per token, and can choose other tokens.
  const exact = window === 1 || modelFromId(run.modelId)?.precision !== 'q8';
  if (outcome && 'refused' in outcome) {
    return (
      <p className="strat-refused" role="alert" data-testid="jacobi-refused" title={outcome.detail}>
        {t('jacobiRefused')}
      </p>
    );
  }
  const passes =
    outcome && 'modelPasses' in outcome
      ? outcome.modelPasses
      : (run.rounds.at(-1)?.modelPasses ?? 0);
  const tokens =
    outcome && 'tokens' in outcome ? outcome.tokens.length : (run.rounds.at(-1)?.generated ?? 0);
  return (
    <div className="jacobi-view">
      <p className="strat-intro">{t('jacobiIntro', { guesses: window - 1 })}</p>
      <p className="strat-note" data-testid="jacobi-guesses">
        {run.settings.strategy === 'jacobi' && run.settings.promptLookup
          ? t('jacobiGuessesLookup')
          : t('jacobiGuessesRepeat')}
      </p>
      <p className="strat-same" data-testid="jacobi-same-as-greedy" data-exact={exact}>
        {t('jacobiSame')}
      </p>
      {!exact && (
        <p className="strat-note" data-testid="jacobi-8bit">
          {t('jacobi8bit')}
        </p>
      )}
      <p className="jacobi-counters" aria-live="polite">
        <span data-testid="jacobi-passes" data-passes={passes}>
          {t('jacobiPasses', { passes })}
        </span>
        {' · '}
        <span data-testid="jacobi-tokens" data-tokens={tokens}>
          {t('jacobiTokens', { tokens })}
        </span>
      </p>
      {outcome && run.rounds.length === 0 && <p className="strat-note">{t('jacobiNoRounds')}</p>}
      <ol className="jacobi-round-list" data-testid="jacobi-rounds">
        {run.rounds.map((round) => (
          <Round key={round.round} round={round} vocab={vocab} />
        ))}
      </ol>
    </div>
  );
}
