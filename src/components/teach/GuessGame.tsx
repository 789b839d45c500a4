import { useId } from 'react';
import { useT } from '../../i18n';
import { activeRun, useAppStore } from '../../store/appStore';
import type { GuessResult } from '../../store/teachGuess';
import { useVocabulary } from '../../store/vocabularies';
import {
  resetScore,
  setGuess,
  setGuessOn,
  stepWithGuess,
  useTeachStore,
} from '../../store/teachStore';
import { percent, visible, type T } from '../step/format';
import './Teach.css';

function ResultText(props: { result: GuessResult; t: T }) {
  const { result: r, t } = props;
  const guess = `“${visible(r.guess)}”`;
  const head =
    r.rank !== null && r.prob !== null
      ? t('teachGuessRank', { n: r.step, guess, rank: r.rank, prob: percent(r.prob) })
      : r.prob !== null
        ? t('teachGuessFar', { n: r.step, guess, top: r.topCount, prob: percent(r.prob) })
        : t('teachGuessBeyond', { n: r.step, guess, top: r.topCount });
  const praise =
    r.rank === 1 ? t('teachGuessTop1') : r.rank !== null && r.rank <= 5 ? t('teachGuessTop5') : '';
  // The chosen token in the run's own model's vocabulary.
  const vocab = useVocabulary(useAppStore((s) => activeRun(s)?.modelId));
  const chose = t('teachGuessChose', { token: `“${visible(vocab.viewToken(r.chosenId).label)}”` });
  return (
    <>
      <span className="tg-head">{head}</span> {praise && <strong>{praise}</strong>} {chose}
    </>
  );
}

/**
 * "Guess the next token": with the game on, the student types a guess before each Step; when the
 * step arrives it shows the guess's rank and probability among the step's candidates, and the
 * running score. Large text, for a class watching a projector.
 */
export function GuessGame() {
  const t = useT();
  const on = useTeachStore((s) => s.guessOn);
  const guess = useTeachStore((s) => s.guess);
  const last = useTeachStore((s) => s.last);
  const score = useTeachStore((s) => s.score);
  const baseId = useId();
  return (
    <section
      className="panel teach-guess"
      data-testid="guess-game"
      aria-labelledby={`${baseId}-title`}
    >
      <div className="tg-top">
        <h2 id={`${baseId}-title`}>{t('teachGuessTitle')}</h2>
        <label className="tg-toggle">
          <input
            type="checkbox"
            data-testid="guess-mode"
            checked={on}
            onChange={(e) => setGuessOn(e.currentTarget.checked)}
          />{' '}
          {t('teachGuessOn')}
        </label>
      </div>
      {on && (
        <>
          <p className="muted" id={`${baseId}-intro`}>
            {t('teachGuessIntro')}
          </p>
          <label className="tg-label" htmlFor={`${baseId}-input`}>
            {t('teachGuessLabel')}
          </label>
          <input
            id={`${baseId}-input`}
            className="tg-input"
            type="text"
            data-testid="guess-input"
            autoComplete="off"
            spellCheck={false}
            value={guess}
            aria-describedby={`${baseId}-intro`}
            onChange={(e) => setGuess(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              stepWithGuess();
            }}
          />
          {/* In the page from the start: a live region announces what later appears in it. */}
          <p className="tg-result" role="status">
            {last && (
              <span
                data-testid="guess-result"
                data-step={last.step}
                data-rank={last.rank ?? undefined}
                data-prob={last.prob ?? undefined}
                data-token-id={last.tokenId ?? undefined}
              >
                <ResultText result={last} t={t} />
              </span>
            )}
          </p>
          <div className="tg-score-row">
            <p
              className="tg-score"
              data-testid="guess-score"
              data-guesses={score.guesses}
              data-top1={score.top1}
              data-top5={score.top5}
            >
              {t('teachGuessScore', { ...score })}
            </p>
            <button
              type="button"
              data-testid="guess-reset"
              disabled={score.guesses === 0}
              onClick={resetScore}
            >
              {t('teachGuessReset')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
