/**
 * The context strip's tokens: plain elements in blocks (chunks) of CHUNK, each block memoised on
 * its contents and kept in step with them by hand. The context strip (ContextStrip.tsx) and a
 * strategy run's tokens in the strategy panel (StrategyTokens.tsx) both draw their tokens with it,
 * so both give the same `context-token` elements (docs/automation.md).
 */
import { memo, useLayoutEffect, useRef } from 'react';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { translate } from '../../i18n';
import type { Language } from '../../store/urlParams';

export interface TokenItem {
  id: number;
  label: string;
  source: 'prompt' | 'generated';
  /** A special (control) token of the model's vocabulary: `data-special` marks it. */
  special: boolean;
}

type Role = 'read' | 'produced' | 'future';

export const CHUNK = 64;

interface ChunkProps {
  items: TokenItem[];
  offset: number;
  read: number;
  /** The produced token drops in (an animation); false for the chunks that do not hold it. */
  arrive: boolean;
  /** The language of the tokens' tooltips. */
  lang: Language;
}

const sameChunk = (a: ChunkProps, b: ChunkProps): boolean =>
  a.offset === b.offset &&
  a.read === b.read &&
  a.arrive === b.arrive &&
  a.lang === b.lang &&
  (a.items === b.items ||
    (a.items.length === b.items.length &&
      a.items.every((item, i) => {
        const other = b.items[i];
        return (
          item.id === other.id &&
          item.source === other.source &&
          item.label === other.label &&
          item.special === other.special
        );
      })));

const ROLE_CLASS: Record<TokenItem['source'], Record<Role, string>> = {
  prompt: {
    read: 'token token-prompt token-read',
    produced: 'token token-prompt token-produced',
    future: 'token token-prompt token-future',
  },
  generated: {
    read: 'token token-generated token-read',
    produced: 'token token-generated token-produced',
    future: 'token token-generated token-future',
  },
};

/**
 * Makes the chunk's token elements match `items`: new places get an element, changed tokens are
 * rewritten in place (as React did: a token that changes where it is does not arrive again).
 */
function syncTokens(chunk: HTMLElement, props: ChunkProps): void {
  const { items, offset, lang } = props;
  items.forEach((token, i) => {
    const item = chunk.children.item(i);
    const old = item instanceof HTMLElement ? item : null;
    const id = String(token.id);
    // Positions count from 1, as steps do; data-index stays the 0-based place (automation.md).
    const title = translate(lang, 'tokenPosition', { n: offset + i + 1, id });
    if (old && old.dataset.tokenId === id && old.dataset.source === token.source) {
      if (old.textContent !== token.label) old.textContent = token.label;
      if (old.title !== title) old.title = title;
      markSpecial(old, token.special);
      return;
    }
    const element = old ?? document.createElement('span');
    element.dataset.testid = 'context-token';
    element.dataset.index = String(offset + i);
    element.dataset.tokenId = id;
    element.dataset.source = token.source;
    element.title = title;
    // Text, never HTML: a token can be any string the tokenizer knows.
    element.textContent = token.label;
    markSpecial(element, token.special);
    if (!old) chunk.append(element);
  });
  while (chunk.children.length > items.length) chunk.lastElementChild?.remove();
}

/** `data-special="true"` on a special token only (automation.md), set where it changed. */
function markSpecial(element: HTMLElement, special: boolean): void {
  if (special && element.dataset.special !== 'true') element.dataset.special = 'true';
  else if (!special && element.dataset.special !== undefined) delete element.dataset.special;
}

/** Sets each token's role (and the produced token's arrival) where it changed. */
function syncRoles(chunk: HTMLElement, props: ChunkProps): void {
  props.items.forEach((token, i) => {
    const element = chunk.children.item(i);
    if (!(element instanceof HTMLElement)) return;
    const index = props.offset + i;
    const role: Role = index < props.read ? 'read' : index === props.read ? 'produced' : 'future';
    const className =
      ROLE_CLASS[token.source][role] + (role === 'produced' && props.arrive ? ' token-arrive' : '');
    if (element.className !== className) element.className = className;
    if (element.dataset.role !== role) element.dataset.role = role;
  });
}

/**
 * One block of tokens. Blocks are memoised on their contents and roles, so a new step re-renders
 * only the block it lands in, and each is a paint layer (ContextStrip.css), so the browser
 * repaints only that block: the strip stays cheap at a thousand tokens. The tokens themselves are
 * plain elements the block keeps in step with its props, not React elements: as React elements
 * (a fibre, a props object and two expando properties each) the tokens were a large share of the
 * page's heap per step with the run on screen (bench/README.md, "Memory per step").
 */
export const TokenChunk = memo(function TokenChunk(props: ChunkProps) {
  const chunk = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (!chunk.current) return;
    syncTokens(chunk.current, props);
    syncRoles(chunk.current, props);
  });
  return <span className="token-chunk" ref={chunk} />;
}, sameChunk);

/** Token `id` as `vocab` views it, from `source`: its label, and whether it is special. */
export function vocabItem(id: number, source: TokenItem['source'], vocab: Vocabulary): TokenItem {
  const view = vocab.viewToken(id);
  return { id, label: view.label, source, special: view.special === true };
}
