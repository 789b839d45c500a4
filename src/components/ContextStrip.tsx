import { memo } from 'react';
import { viewToken } from '../engine/tokenizer';
import { useT } from '../i18n';
import { activeRun, shownStep, useAppStore } from '../store/appStore';
import './ContextStrip.css';

interface TokenItem {
  id: number;
  label: string;
  source: 'prompt' | 'generated';
}

type Role = 'read' | 'produced' | 'future';

const CHUNK = 64;

interface ChunkProps {
  items: TokenItem[];
  offset: number;
  read: number;
}

const sameChunk = (a: ChunkProps, b: ChunkProps): boolean =>
  a.offset === b.offset &&
  a.read === b.read &&
  a.items.length === b.items.length &&
  a.items.every((item, i) => item.id === b.items[i].id && item.source === b.items[i].source);

/**
 * One block of tokens. Blocks are memoised on their contents and roles, so a new step re-renders
 * only the block it lands in: the strip stays cheap at a thousand tokens.
 */
const TokenChunk = memo(function TokenChunk(props: ChunkProps) {
  return props.items.map((token, i) => {
    const index = props.offset + i;
    const role: Role = index < props.read ? 'read' : index === props.read ? 'produced' : 'future';
    return (
      <span
        key={index}
        className={`token token-${token.source} token-${role}`}
        data-testid="context-token"
        data-index={index}
        data-token-id={token.id}
        data-source={token.source}
        data-role={role}
        title={`#${index} · id ${token.id}`}
      >
        {token.label}
      </span>
    );
  });
}, sameChunk);

/**
 * The growing context: prompt tokens, then one token per step. For the shown step, the tokens the
 * model read are highlighted, the token it produced is outlined, and later tokens are ghosts that
 * did not exist yet: the chain dependency made visible.
 */
export function ContextStrip() {
  const t = useT();
  const run = useAppStore(activeRun);
  const shown = useAppStore(shownStep);
  if (!run) return null;
  const items: TokenItem[] = [
    ...run.promptIds.map((id) => ({ id, label: viewToken(id).label, source: 'prompt' as const })),
    ...run.steps.map((s) => ({
      id: s.tokenId,
      label: s.token.label,
      source: 'generated' as const,
    })),
  ];
  const read = shown === null ? items.length : run.steps[shown - 1].contextLength;
  const chunks: TokenItem[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
  return (
    <section className="panel" aria-label={t('context')}>
      <h2 title={t('contextHelp')}>
        {t('context')}{' '}
        <small>
          {t('contextCount', { prompt: run.promptIds.length, generated: run.steps.length })}
        </small>
      </h2>
      <div className="context-strip" data-testid="context-strip">
        {chunks.map((chunk, c) => {
          const offset = c * CHUNK;
          // Roles only change inside the chunk holding the boundary; others get a stable value.
          const chunkRead = Math.min(Math.max(read, offset - 1), offset + CHUNK + 1);
          return <TokenChunk key={c} items={chunk} offset={offset} read={chunkRead} />;
        })}
      </div>
    </section>
  );
}
