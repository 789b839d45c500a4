/**
 * Marks the context strip's tokens that make one character only together (a Chinese character
 * is often two or three byte pieces), in the run's model's vocabulary: `data-char-group` =
 * start|middle|end on each, `data-char-group-index` = the group's 0-based place among the
 * context's groups on each, and the character in `data-char` on the last; CharGroups.css draws
 * one underline under them and the character after them. The strip's tokens are plain elements that its chunks keep
 * (ContextStrip.tsx); this sets only these three attributes, and only where they change.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import { charGroups, partOf, type GroupPart } from '../../engine/charGroups';
import type { StepRecord } from '../../engine/generation';
import type { Vocabulary } from '../../engine/vocabulary/types';
import './CharGroups.css';

interface Mark {
  part: GroupPart;
  /** The group's place among the context's groups, from 0. */
  group: number;
  /** The group's character(s), on its last token only. */
  char?: string;
}

/** Each grouped token's mark, by its index in the context. */
export function charMarks(ids: readonly number[], vocab?: Vocabulary): Map<number, Mark> {
  const marks = new Map<number, Mark>();
  charGroups(ids, vocab).forEach((group, index) => {
    for (let i = group.start; i < group.end; i++) {
      const part = partOf(group, i);
      marks.set(
        i,
        part === 'end' ? { part, group: index, char: group.text } : { part, group: index },
      );
    }
  });
  return marks;
}

/** Gives `token` the attributes of `mark` (none when it has none), touching only what differs. */
function applyMark(token: Element | undefined, mark: Mark | undefined): void {
  if (!(token instanceof HTMLElement)) return;
  const { dataset } = token;
  if (dataset.charGroup !== mark?.part) {
    if (mark) dataset.charGroup = mark.part;
    else delete dataset.charGroup;
  }
  const index = mark === undefined ? undefined : String(mark.group);
  if (dataset.charGroupIndex !== index) {
    if (index !== undefined) dataset.charGroupIndex = index;
    else delete dataset.charGroupIndex;
  }
  if (dataset.char !== mark?.char) {
    if (mark?.char) dataset.char = mark.char;
    else delete dataset.char;
  }
}

/**
 * Keeps the marks of the strip's tokens (in chunks of `chunk` tokens) in step with the run's
 * prompt and steps. It runs after the chunks have made their tokens: a parent's layout effect
 * runs after its children's.
 */
export function useCharGroupMarks(
  strip: RefObject<HTMLElement | null>,
  promptIds: readonly number[] | undefined,
  steps: readonly StepRecord[] | undefined,
  chunk: number,
  vocab: Vocabulary,
): void {
  const marked = useRef(new Set<number>());
  useLayoutEffect(() => {
    const element = strip.current;
    if (!element) return;
    const ids = [...(promptIds ?? []), ...(steps ?? []).map((s) => s.tokenId)];
    const marks = charMarks(ids, vocab);
    const tokenAt = (i: number) => element.children[Math.floor(i / chunk)]?.children[i % chunk];
    // Tokens marked before and no longer are cleared; the others get their mark.
    for (const i of marked.current) if (!marks.has(i)) applyMark(tokenAt(i), undefined);
    for (const [i, mark] of marks) applyMark(tokenAt(i), mark);
    marked.current = new Set(marks.keys());
  }, [strip, promptIds, steps, chunk, vocab]);
}
