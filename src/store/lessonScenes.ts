/**
 * The lesson's chapters as data: what each chapter's "Show me" puts on screen (prompt, step count,
 * decoding, the step shown and the view opened), and the small decisions the lesson makes about
 * the runs it finds. Pure, so that the chapter → state mapping is tested without a page.
 */
import type { Run } from './run';

/** The source article's loop: its prompt, and the 19 greedy steps it prints. */
export const LESSON_PROMPT = 'Once upon a time';
export const LESSON_STEPS = 19;
export const CHAPTER_COUNT = 8;

/** What a chapter opens beside the run, once it is there. */
export type LessonView =
  | 'steps' // the step table: timeline and step detail
  | 'branch' // a what-if branch at an early step, compared with the original
  | 'cache-off' // the same run without the KV cache, its times compared
  | 'inside' // the causal mask and attention of one step, and the KV cache
  | 'ar' // the AR(p) toy beside the run
  | 'beam' // beam search
  | 'jacobi' // Jacobi decoding, checked against greedy
  | 'speculative' // speculative decoding with the model's usual draft, checked against greedy
  | 'table'; // the comparison of autoregressive and other models

export interface LessonScene {
  decoding: 'chain' | 'beam' | 'jacobi' | 'speculative';
  /** The step shown once the chain's run is there: a number, or the newest. */
  step: number | 'last';
  view: LessonView;
  /** Beam search's beams (the article's example keeps 2). */
  beams?: number;
  /** Jacobi decoding's tokens per pass. */
  window?: number;
  /** Speculative decoding's draft tokens per round (the draft: the model's usual one). */
  k?: number;
}

/**
 * Each chapter's scenes, one "Show me" each: the first is the chapter's own; chapter 7 also shows
 * speculative decoding, which makes its point with a small model guessing instead.
 */
const SCENES: readonly (readonly LessonScene[])[] = [
  [{ decoding: 'chain', step: 1, view: 'steps' }],
  [{ decoding: 'chain', step: 2, view: 'branch' }],
  [{ decoding: 'chain', step: 'last', view: 'cache-off' }],
  [{ decoding: 'chain', step: 5, view: 'inside' }],
  [{ decoding: 'chain', step: 1, view: 'ar' }],
  [{ decoding: 'beam', step: 'last', view: 'beam', beams: 2 }],
  [
    { decoding: 'jacobi', step: 'last', view: 'jacobi', window: 4 },
    // k = 3: on the tiny pair a quarter of the proposals is kept, so rounds show both kept and
    // rejected guesses; with GPT-2 and distilgpt2 a round often keeps several.
    { decoding: 'speculative', step: 'last', view: 'speculative', k: 3 },
  ],
  [{ decoding: 'chain', step: 'last', view: 'table' }],
];

/** A chapter number in range: 1 … CHAPTER_COUNT (anything else becomes the nearest). */
export function clampChapter(chapter: number): number {
  if (!Number.isFinite(chapter)) return 1;
  return Math.min(Math.max(Math.round(chapter), 1), CHAPTER_COUNT);
}

/** Every scene of `chapter`, its own first. */
export const scenesFor = (chapter: number): readonly LessonScene[] =>
  SCENES[clampChapter(chapter) - 1];

/** The chapter's scene number `index` (0: its own); an index it lacks gives its own. */
export const sceneFor = (chapter: number, index = 0): LessonScene => {
  const scenes = scenesFor(chapter);
  return scenes[index] ?? scenes[0];
};

/**
 * The URL's `lesson`: absent, a chapter (an integer 1 … CHAPTER_COUNT, digits only), or invalid
 * (ignored, and named in a notice like the other parameters).
 */
export function lessonFromUrl(
  search: string,
): { kind: 'none' } | { kind: 'chapter'; chapter: number } | { kind: 'invalid'; value: string } {
  const value = new URLSearchParams(search).get('lesson');
  if (value === null) return { kind: 'none' };
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return n >= 1 && n <= CHAPTER_COUNT
    ? { kind: 'chapter', chapter: n }
    : { kind: 'invalid', value };
}

/**
 * The run the chain's chapters share: the article's loop (its prompt, greedy, with the cache) on
 * `modelId`, complete and made here (not a branch, not imported); the newest if there are several.
 * Chapters reuse it rather than generate it again. `promptIds`, when given, are the ids the lesson
 * would feed the model now: the same text reads as other ids with the chat setting changed (a chat
 * model's template, chatPrompt.ts), and a run of the other ids is not the run the lesson talks of.
 */
export function findLessonRun(
  runs: readonly Run[],
  modelId: string,
  promptIds: readonly number[] | null = null,
): Run | null {
  return (
    runs.findLast(
      (r) =>
        lessonShaped(r, modelId) &&
        r.config.cache !== false &&
        (promptIds === null || sameIds(r.promptIds, promptIds)),
    ) ?? null
  );
}

const sameIds = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** The article's loop on `modelId` as the lesson makes it: greedy, complete, made here. */
const lessonShaped = (r: Run, modelId: string): boolean =>
  r.modelId === modelId &&
  r.prompt === LESSON_PROMPT &&
  r.parent === null &&
  !r.imported &&
  r.config.sampling.strategy === 'greedy' &&
  r.steps.length === LESSON_STEPS;

/**
 * What chapters 2 and 3 made from the lesson run before, so that "Show me" again reopens it rather
 * than piling up copies: the branch forcing `tokenId` at `step`, or the run made without the cache.
 */
export function findLessonVariant(
  runs: readonly Run[],
  lessonRun: Run,
  variant: { branch: { step: number; tokenId: number } } | 'cache-off',
): Run | null {
  const fits =
    variant === 'cache-off'
      ? (r: Run) =>
          lessonShaped(r, lessonRun.modelId) &&
          r.config.cache === false &&
          // The same ids as the run it is compared with (the chat setting can change them).
          sameIds(r.promptIds, lessonRun.promptIds)
      : (r: Run) =>
          r.parent?.runId === lessonRun.id &&
          r.parent.step === variant.branch.step &&
          r.parent.tokenId === variant.branch.tokenId &&
          r.stopReason !== null;
  return runs.findLast(fits) ?? null;
}

/**
 * The token chapter 2 forces at `step`: the most likely candidate the run did not choose there,
 * so that the branch changes as little as possible and still everything after it changes.
 */
export function branchToken(run: Run, step: number): number | null {
  const record = run.steps[step - 1];
  if (!record) return null;
  const ranked = [...record.candidates].sort((a, b) => b.prob - a.prob);
  return ranked.find((c) => c.id !== record.tokenId)?.id ?? null;
}
