import { useMemo, type ReactNode } from 'react';
import type { StepRecord } from '../../engine/generation';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { useT } from '../../i18n';
import { prefillRatio } from './prefillRatio';
import { TokenChip } from './TokenChip';
import './PrefillView.css';

/** The ratio as read: one decimal while small, whole decode steps beyond ten. */
const readable = (ratio: number): string =>
  ratio < 10 ? ratio.toFixed(1) : String(Math.round(ratio));

/**
 * Shown step 0: the prefill, the one pass that computed every prompt position together because
 * the prompt was known in advance, against the decode steps after it, which each had to wait for
 * the token before. `positions`: what the model made of each prompt position, under the tokens.
 */
export function PrefillView(props: {
  promptIds: readonly number[];
  steps: readonly StepRecord[];
  /** The run's model's vocabulary: it views the prompt's tokens. */
  vocab: Vocabulary;
  positions?: ReactNode;
}) {
  const { promptIds, steps, vocab } = props;
  const t = useT();
  const tokens = useMemo(() => promptIds.map((id) => vocab.viewToken(id)), [promptIds, vocab]);
  const timing = prefillRatio(steps);
  if (!timing) return null;
  const n = promptIds.length;
  const ms = timing.prefillMs.toFixed(1);
  return (
    <section className="panel prefill-view" data-testid="prefill-view" aria-labelledby="pv-title">
      <h2 id="pv-title">{t('prefillTitle')}</h2>
      <p>{t('prefillWhy', { n })}</p>
      <h3>{t('prefillTokens')}</h3>
      <ol className="pv-tokens">
        {tokens.map((token, i) => (
          // Positions never move: the index is the key.
          <li key={i}>
            <TokenChip token={token} id={promptIds[i]} t={t} />
          </li>
        ))}
      </ol>
      {props.positions}
      <div className="pv-compare">
        {timing.ratio === null ? (
          <p>{t('prefillNoDecode', { n, ms })}</p>
        ) : (
          <p data-testid="prefill-ratio" data-ratio={timing.ratio.toFixed(3)}>
            <strong>{t('prefillRatio', { n, ms, y: readable(timing.ratio) })}</strong>{' '}
            <span className="muted">
              {t('prefillMedian', {
                ms: (timing.medianDecodeMs ?? 0).toFixed(1),
                k: timing.decodeSteps,
              })}
            </span>
          </p>
        )}
        <p>{t('prefillWait')}</p>
      </div>
    </section>
  );
}
