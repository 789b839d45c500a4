import { memo } from 'react';
import { translate } from '../../i18n';
import type { Language } from '../../store/urlParams';

/** Prompt positions drawn as ticks at most: beyond that the block stays the same. */
const MAX_TICKS = 32;

/**
 * The prefill on the timeline, before step 1: one block for the pass that computed every prompt
 * position at once, its ticks side by side (one per prompt token) where the steps stand in a row.
 * Its time is step 1's model time, which is the prefill's run.
 */
export const PrefillBlock = memo(function PrefillBlock(props: {
  tokens: number;
  ms: number;
  width: number;
  selected: boolean;
  lang: Language;
}) {
  const { tokens, ms, selected, lang } = props;
  const values = { n: tokens, ms: ms.toFixed(1) };
  return (
    <li
      className={`timeline-prefill${selected ? ' selected' : ''}`}
      style={{ width: props.width }}
      data-testid="prefill-block"
      data-tokens={tokens}
      data-ms={ms.toFixed(2)}
      aria-current={selected ? 'step' : undefined}
      title={translate(lang, 'prefillBlockTip', values)}
    >
      <span className="timeline-prefill-label">{translate(lang, 'prefillBlock', values)}</span>
      <span className="timeline-prefill-ticks" aria-hidden="true">
        {Array.from({ length: Math.min(tokens, MAX_TICKS) }, (_, i) => (
          <span key={i} />
        ))}
      </span>
    </li>
  );
});
