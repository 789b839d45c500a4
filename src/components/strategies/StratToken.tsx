/**
 * Tokens in the strategy views, viewed by the run's model's own vocabulary (useVocabulary): GPT-2's
 * for GPT-2's family, a Llama-family model's tokenizer.json for it. A special (control) token is
 * marked `data-special="true"`, as the context strip marks it.
 */
import type { Vocabulary } from '../../engine/vocabulary/types';

/** A sequence of tokens as text (never HTML): each token's label, run together. */
export const textOf = (ids: readonly number[], vocab: Vocabulary): string =>
  ids.map((id) => vocab.viewToken(id).label).join('');

/** One token's label. */
export const labelOf = (id: number, vocab: Vocabulary): string => vocab.viewToken(id).label;

/** One token as a chip: its text, its bytes in the tooltip, its state (if any) as an attribute. */
export function StratToken(props: {
  id: number;
  vocab: Vocabulary;
  /** Classes besides `strat-token`. */
  className?: string;
  state?: string;
  testId?: string;
}) {
  const { id, vocab, className, state, testId } = props;
  const view = vocab.viewToken(id);
  return (
    <span
      className={className ? `strat-token ${className}` : 'strat-token'}
      data-testid={testId}
      data-token-id={id}
      data-state={state}
      data-special={view.special ? 'true' : undefined}
      title={view.hex}
    >
      {view.label}
    </span>
  );
}
