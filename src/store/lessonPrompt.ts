/**
 * The lesson's prompt as a given model reads it. GPT-2 reads "Once upon a time" as 4 tokens, the
 * count the chapters' answers are written with; a model with its own tokenizer (a Llama-family
 * model from the Hub) reads its own ids, inside its chat template when it has one and the chat
 * setting is on, exactly as a normal run of it does (chatPrompt.ts). Its answers are counted from
 * that length instead.
 */
import type { Vocabulary } from '../engine/vocabulary/types';
import { modelPrompt } from './chatPrompt';
import { LESSON_PROMPT, LESSON_STEPS } from './lessonScenes';

/** The ids `vocab`'s model reads for the lesson's prompt, with `chat` as a run would apply it. */
export const lessonPromptIds = (vocab: Vocabulary, chat: boolean): number[] =>
  modelPrompt(vocab, LESSON_PROMPT, chat).ids;

/** The numbers the chapters' answers name, for a prompt of `prompt` tokens. */
export interface LessonCounts {
  /** Tokens of the lesson's prompt. */
  prompt: number;
  /** Tokens the last step (19) reads: the prompt and the 18 chosen before it. */
  read: number;
  /** The text's length after the last step. */
  total: number;
  /** Positions the last step reads from the cache (all it reads but its own). */
  cached: number;
  /** Positions the cache holds per layer after step 5 (the prompt and the 4 tokens fed since). */
  cacheAfter5: number;
  /** Positions before the newest token at step 5: the mask lets it see these and itself. */
  before: number;
  /** Whether the prompt went through the model's chat template. */
  chat: boolean;
  /** The counts above by name, as the answers' placeholders take them. */
  values: Readonly<Record<string, number>>;
}

/**
 * The counts of the lesson on a model with its own tokenizer, or null for GPT-2's vocabulary
 * (the chapters' own text has its numbers) and for a vocabulary not known yet (ids only: it
 * cannot count the prompt).
 */
export function lessonCounts(vocab: Vocabulary, chat: boolean): LessonCounts | null {
  if (vocab.kind === 'gpt2' || vocab.kind === 'ids') return null;
  const shown = modelPrompt(vocab, LESSON_PROMPT, chat);
  const prompt = shown.ids.length;
  const read = prompt + LESSON_STEPS - 1;
  const numbers = {
    prompt,
    read,
    total: read + 1,
    cached: read - 1,
    cacheAfter5: prompt + 4,
    before: prompt + 3,
  };
  return { ...numbers, chat: shown.raw !== null, values: numbers };
}
