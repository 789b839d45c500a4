/** Which dictionary entries make up each chapter of the lesson, in chapter order. */
import type { ModelSpec } from '../../engine/modelCatalog';
import type { MessageKey } from '../../i18n/en';

export interface ChapterText {
  title: MessageKey;
  text: MessageKey;
  question: MessageKey;
  answer: MessageKey;
  /**
   * The answer counted for a model with its own tokenizer (lessonCounts: its prompt's length),
   * where the chapter's answer names GPT-2's counts.
   */
  answerOwn?: MessageKey;
  /** What changes with the real GPT-2 (shown while tiny-gpt2, tiny and random, is chosen). */
  gpt2: MessageKey;
  /** The "Show me" buttons' words, one per scene, where a chapter has more than one. */
  showMe?: readonly MessageKey[];
}

const chapter = (n: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8): ChapterText => ({
  title: `lesson${n}Title`,
  text: `lesson${n}Text`,
  question: `lesson${n}Question`,
  answer: `lesson${n}Answer`,
  gpt2: `lesson${n}Gpt2`,
});

/** Chapter 7 shows Jacobi decoding and speculative decoding, each with its own button. */
const SHOW_ME: Partial<Record<number, readonly MessageKey[]>> = {
  7: ['lesson7ShowJacobi', 'lesson7ShowSpec'],
};

/** Chapters whose answers count GPT-2's prompt tokens: another tokenizer's count differs. */
const ANSWER_OWN: Partial<Record<number, MessageKey>> = {
  1: 'lesson1AnswerOwn',
  3: 'lesson3AnswerOwn',
  4: 'lesson4AnswerOwn',
};

export const CHAPTER_TEXT: readonly ChapterText[] = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
  ...chapter(n as 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8),
  showMe: SHOW_ME[n],
  answerOwn: ANSWER_OWN[n],
}));

/**
 * The note a chapter shows for the chosen model: `tiny` for tiny-gpt2 (its note and the chapter's
 * "with the real GPT-2" speak of a tiny model), `random` for another model with random weights
 * (gpt2-shaped: GPT-2's size, so the tiny notes would be wrong), none for a trained one.
 */
export function modelNote(spec: ModelSpec | null): 'tiny' | 'random' | null {
  if (!spec?.synthetic) return null;
  return spec.id.startsWith('tiny-gpt2') ? 'tiny' : 'random';
}
