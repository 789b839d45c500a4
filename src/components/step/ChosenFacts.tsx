import { drawnProbability } from '../../engine/drawnProbability';
import type { StepRecord } from '../../engine/generation';
import { TOKENIZER_VOCAB } from '../../engine/tokenizer';
import { percent, short, type T } from './format';
import './ChosenFacts.css';

export interface ChosenFactsProps {
  step: StepRecord;
  /** The chosen token's rank among the whole vocabulary; undefined where it is not known. */
  rank: number | undefined;
  /** The token was drawn from a set the cut-offs made (top-k or top-p while sampling). */
  cutoffDraw: boolean;
  /** How many top rows the list holds: "beyond the top N" where the rank is not known. */
  topCount: number;
  /** How many ids the rank runs over (the model's head; GPT-2's 50 257 where not given). */
  vocabSize?: number;
  t: T;
}

/**
 * The chosen token's numbers, each labelled: its rank among the whole vocabulary, the model's
 * probability (after temperature, before any cut-off) and, where a cut-off made the draw, the
 * probability it was actually drawn with (renormalised over the kept tokens).
 */
export function ChosenFacts(props: ChosenFactsProps) {
  const { step, rank, cutoffDraw, topCount, vocabSize = TOKENIZER_VOCAB, t } = props;
  // A forced token was not drawn: only the model's numbers apply.
  const drawn = cutoffDraw && !step.forced ? drawnProbability(step) : null;
  const modelLabel =
    step.temperature === 1 ? t('sdModelProb') : t('sdModelProbAt', { t: short(step.temperature) });
  return (
    <dl className="sd-chosen-facts">
      <div data-testid="chosen-rank" data-rank={rank}>
        <dt>{t('sdRank')}</dt>
        <dd>
          {rank === undefined
            ? t('sdRankBeyond', { n: topCount })
            : vocabSize > 0
              ? t('sdRankOf', { rank: rank.toLocaleString(), n: vocabSize.toLocaleString() })
              : // A run shown by bare ids (idVocabulary.ts), its model not loaded: size unknown.
                rank.toLocaleString()}
        </dd>
      </div>
      <div data-testid="chosen-prob" data-prob={step.chosenProb}>
        <dt>{modelLabel}</dt>
        <dd>{percent(step.chosenProb)}</dd>
      </div>
      {drawn !== null && (
        <div data-testid="drawn-prob" data-prob={drawn}>
          <dt>{t('sdDrawnProb')}</dt>
          <dd>{percent(drawn)}</dd>
        </div>
      )}
    </dl>
  );
}
