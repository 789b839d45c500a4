import { useEffect, useMemo, useRef, useState } from 'react';
import type { StepRecord } from '../../engine/generation';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { useT } from '../../i18n';
import { activeRun, shownStep, useAppStore } from '../../store/appStore';
import { useVocabulary } from '../../store/vocabularies';
import { afterLayout } from '../shared/afterLayout';
import { blockMemo } from '../shared/blockMemo';
import { stepsArriveAnimated } from '../shared/useThrottledStore';
import { useCharGroupMarks } from './charGroupMarks';
import { ContextLegend } from './ContextLegend';
import { CHUNK, TokenChunk, vocabItem, type TokenItem } from './TokenChunk';
import './ContextStrip.css';

const generatedItem = (s: StepRecord): TokenItem => ({
  id: s.tokenId,
  label: s.token.label,
  source: 'generated',
  special: s.token.special === true,
});

/** Chunks of generated tokens only; a full one stays the same array as the run grows. */
const generatedChunk = blockMemo<StepRecord, TokenItem>(CHUNK, (steps) => steps.map(generatedItem));

/**
 * The run's tokens, prompt then generated, in blocks of CHUNK. Only the chunks that hold prompt
 * tokens are made anew for each batch of steps: the others come from generatedChunk, so a step
 * costs O(chunks) here and sameChunk meets the same arrays, instead of O(context) for both.
 */
function tokenChunks(
  promptIds: readonly number[],
  steps: readonly StepRecord[],
  vocab: Vocabulary,
): TokenItem[][] {
  const prompt = promptIds.length;
  const total = prompt + steps.length;
  const chunks: TokenItem[][] = [];
  for (let start = 0; start < total; start += CHUNK) {
    if (start >= prompt) {
      chunks.push(generatedChunk(steps, start - prompt));
      continue;
    }
    const end = Math.min(start + CHUNK, total);
    const items: TokenItem[] = promptIds
      .slice(start, Math.min(end, prompt))
      .map((id) => vocabItem(id, 'prompt', vocab));
    for (let i = Math.max(start, prompt); i < end; i++)
      items.push(generatedItem(steps[i - prompt]));
    chunks.push(items);
  }
  return chunks;
}

/**
 * Scrolls the strip so that token `index` (the one the shown step produced) is in view, once a
 * long context outgrows the strip; positions are read after the frame's layout (afterLayout).
 */
function keepInView(strip: HTMLElement | null, index: number): () => void {
  return afterLayout(() => {
    const token = strip?.children[Math.floor(index / CHUNK)]?.children[index % CHUNK];
    if (!strip || !token) return;
    const box = token.getBoundingClientRect();
    const top = box.top - strip.getBoundingClientRect().top + strip.scrollTop;
    const bottom = top + box.height;
    if (top < strip.scrollTop || bottom > strip.scrollTop + strip.clientHeight) {
      strip.scrollTop = top - (strip.clientHeight - box.height) / 2;
    }
  });
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
  const animated = useAppStore(stepsArriveAnimated);
  const lang = useAppStore((s) => s.settings.lang);
  const strip = useRef<HTMLDivElement>(null);
  const promptIds = run?.promptIds;
  const steps = run?.steps;
  // The run's own model's vocabulary views its prompt and groups its byte pieces.
  const vocab = useVocabulary(run?.modelId);
  // The blocks change only when the run does, not with the shown step (Play moves it 20 times a
  // second): rebuilding them each time was garbage for the collector and work for sameChunk.
  const chunks = useMemo(
    () => tokenChunks(promptIds ?? [], steps ?? [], vocab),
    [promptIds, steps, vocab],
  );
  // At the prefill (step 0) the strip shows step 1's reading: the prompt, and the token its
  // logits gave.
  const read = run && shown !== null ? run.steps[Math.max(shown, 1) - 1].contextLength : -1;
  const total = run ? run.promptIds.length + run.steps.length : 0;
  useEffect(() => keepInView(strip.current, read), [read, total]);
  // The byte pieces of one character: joined, the character shown once (charGroupMarks.ts).
  useCharGroupMarks(strip, promptIds, steps, CHUNK, vocab);
  // Whether the token drops in is decided when it becomes the produced one: motion turning on
  // later (Play stops) must not play its arrival again. (State from the previous render, the
  // pattern React documents for values that depend on a change.)
  const [arrival, setArrival] = useState({ read, animated });
  if (arrival.read !== read) setArrival({ read, animated });
  const arrive = arrival.read === read ? arrival.animated : animated;
  if (!run) return null;
  // Before the first step every token is one the model will read.
  const boundary = read < 0 ? total : read;
  return (
    <section className="panel" aria-label={t('context')}>
      <h2 title={t('contextHelp')}>
        {t('context')}{' '}
        <small>
          {t('contextCount', { prompt: run.promptIds.length, generated: run.steps.length })}
        </small>
      </h2>
      <ContextLegend />
      <div
        className="context-strip"
        data-testid="context-strip"
        data-motion={animated ? 'on' : 'off'}
        ref={strip}
      >
        {chunks.map((chunk, c) => {
          const offset = c * CHUNK;
          // Roles only change inside the chunk holding the boundary; others get a stable value.
          const chunkRead = Math.min(Math.max(boundary, offset - 1), offset + CHUNK + 1);
          return (
            <TokenChunk
              key={c}
              items={chunk}
              offset={offset}
              read={chunkRead}
              arrive={arrive && Math.floor(read / CHUNK) === c}
              lang={lang}
            />
          );
        })}
      </div>
    </section>
  );
}
