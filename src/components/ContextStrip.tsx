import { memo, useEffect, useMemo, useRef } from 'react';
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
 * Scrolls the strip so that token `index` (the one the shown step produced) is in view, once a
 * long context outgrows the strip. It reads positions just after the browser's own layout of the
 * frame, when reading them costs nothing (doing it during the commit forced an extra layout).
 */
function keepInView(strip: HTMLElement | null, index: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(() => {
      const token = strip?.children[index];
      if (!strip || !(token instanceof HTMLElement)) return;
      const top = token.offsetTop;
      const bottom = top + token.offsetHeight;
      if (top < strip.scrollTop || bottom > strip.scrollTop + strip.clientHeight) {
        strip.scrollTop = top - (strip.clientHeight - token.offsetHeight) / 2;
      }
    }, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * The growing context: prompt tokens, then one token per step. For the shown step, the tokens the
 * model read are highlighted, the token it produced is outlined, and later tokens are ghosts that
 * did not exist yet: the chain dependency made visible.
 */
export function ContextStrip() {
  const t = useT();
  const run = useAppStore(activeRun);
  const shown = useAppStore(shownStep);
  const strip = useRef<HTMLDivElement>(null);
  const promptIds = run?.promptIds;
  const promptItems = useMemo(
    () =>
      (promptIds ?? []).map((id) => ({
        id,
        label: viewToken(id).label,
        source: 'prompt' as const,
      })),
    [promptIds],
  );
  const read = run && shown !== null ? run.steps[shown - 1].contextLength : -1;
  const total = run ? run.promptIds.length + run.steps.length : 0;
  useEffect(() => keepInView(strip.current, read), [read, total]);
  if (!run) return null;
  const items: TokenItem[] = [
    ...promptItems,
    ...run.steps.map((s) => ({
      id: s.tokenId,
      label: s.token.label,
      source: 'generated' as const,
    })),
  ];
  // Before the first step every token is one the model will read.
  const boundary = read < 0 ? items.length : read;
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
      <div className="context-strip" data-testid="context-strip" ref={strip}>
        {chunks.map((chunk, c) => {
          const offset = c * CHUNK;
          // Roles only change inside the chunk holding the boundary; others get a stable value.
          const chunkRead = Math.min(Math.max(boundary, offset - 1), offset + CHUNK + 1);
          return <TokenChunk key={c} items={chunk} offset={offset} read={chunkRead} />;
        })}
      </div>
    </section>
  );
}
