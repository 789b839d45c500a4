/**
 * A strategy run's text as the context strip draws a run: its prompt tokens
 * (`data-source=prompt`), then the run's final tokens (the best beam, or the accepted tokens) as
 * `context-token` elements with `data-source=generated`, viewed by the run's model's vocabulary,
 * special tokens marked and byte pieces of one character grouped. The tokens are the strip's own
 * (TokenChunk, charGroupMarks), inside the panel's `strategy-tokens` element, which keeps the
 * final ids in `data-token-ids` (docs/automation.md).
 */
import { useMemo, useRef } from 'react';
import { useAppStore } from '../../store/appStore';
import { useVocabulary } from '../../store/vocabularies';
import { useCharGroupMarks } from '../context/charGroupMarks';
import { CHUNK, TokenChunk, vocabItem, type TokenItem } from '../context/TokenChunk';
import '../context/ContextStrip.css';

export function StrategyTokens(props: {
  modelId: string;
  promptIds: readonly number[];
  tokens: readonly number[];
}) {
  const { modelId, promptIds, tokens } = props;
  const lang = useAppStore((s) => s.settings.lang);
  const vocab = useVocabulary(modelId);
  const element = useRef<HTMLSpanElement>(null);
  const ids = useMemo(() => [...promptIds, ...tokens], [promptIds, tokens]);
  const chunks = useMemo(() => {
    const items: TokenItem[] = [
      ...promptIds.map((id) => vocabItem(id, 'prompt', vocab)),
      ...tokens.map((id) => vocabItem(id, 'generated', vocab)),
    ];
    const blocks: TokenItem[][] = [];
    for (let start = 0; start < items.length; start += CHUNK) {
      blocks.push(items.slice(start, start + CHUNK));
    }
    return blocks;
  }, [promptIds, tokens, vocab]);
  // The whole text is what the run read and wrote: every token is drawn as read.
  useCharGroupMarks(element, ids, undefined, CHUNK, vocab);
  return (
    <span
      className="strat-text strat-context"
      data-testid="strategy-tokens"
      data-token-ids={tokens.join(',')}
      ref={element}
    >
      {chunks.map((chunk, c) => (
        <TokenChunk
          key={c}
          items={chunk}
          offset={c * CHUNK}
          read={ids.length}
          arrive={false}
          lang={lang}
        />
      ))}
    </span>
  );
}
