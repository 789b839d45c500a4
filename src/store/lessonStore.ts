/**
 * The lesson's own state: whether its panel is open, the chapter shown, whether the chapter's
 * answer is revealed, the AR(p) toy's position, and the user's settings from before "Show me"
 * changed them. A small store of its own, saved in localStorage (open, chapter and those settings)
 * so that a reload comes back to the same chapter and can still give the settings back; the URL's
 * `lesson=N` opens chapter N instead.
 */
import * as v from 'valibot';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { LESSON_AR, arSeries } from '../engine/arToy';
import { fields, LIMITS, rangeSchema, samplingSchema } from '../engine/limits';
import { expectedMessage, promptSchema } from './settingsCheck';
import type { Settings } from './stateTypes';
import { message } from '../i18n/message';
import { useAppStore } from './appStore';
import { CHAPTER_COUNT, clampChapter, lessonFromUrl } from './lessonScenes';
import { pageStorage } from './pageStorage';
import { checkSavedStrategy, savedStrategy, type SavedStrategy } from './strategySaved';
import { useStrategyStore } from './strategyStore';

export const LESSON_KEY = 'stepwise-lesson';

/** How many values the AR toy's series holds: its start values, then one per step. */
export const AR_LENGTH = 40;
/** The toy's series, noisy and exact: computed once, revealed one value per step. */
export const AR_NOISY = arSeries(LESSON_AR, AR_LENGTH);
export const AR_EXACT = arSeries({ ...LESSON_AR, noise: 0 }, AR_LENGTH);
const AR_FIRST = LESSON_AR.start.length;

export interface LessonState {
  open: boolean;
  chapter: number;
  /** The chapter's answer is shown (the student asked for it). */
  revealed: boolean;
  /** The AR toy's newest value shown (a position, from AR_FIRST: its start values). */
  arT: number;
  arPlaying: boolean;
  /** The toy adds its noise ε (off: the formula's exact values). */
  arNoise: boolean;
  /**
   * The user's own settings, kept when "Show me" first changed them and given back when the
   * lesson closes (or on "Restore my settings"); null while the lesson has changed nothing.
   */
  held: HeldSettings | null;
}

/**
 * The settings "Show me" changes (lessonActions.ts; chapter 3's cache-off run included): the
 * form's, and the decoding strategy's (chosen, beams, window, lookup, k, draft).
 */
export type HeldSettings = Pick<Settings, 'prompt' | 'steps' | 'cache' | 'sampling'> & {
  strategy: Partial<SavedStrategy>;
};

/** Held settings read back from storage: checked like any saved settings. */
const heldSchema = fields({
  prompt: promptSchema,
  steps: rangeSchema(LIMITS.steps),
  cache: v.boolean(),
  sampling: samplingSchema,
  // Each field checked as the strategy store's own saved settings are; a bad one is left out.
  strategy: v.pipe(v.unknown(), v.transform(checkSavedStrategy)),
});

type Saved = Pick<LessonState, 'open' | 'chapter' | 'held'>;

const initial = (): LessonState => ({
  open: false,
  chapter: 1,
  revealed: false,
  arT: AR_FIRST,
  arPlaying: false,
  arNoise: true,
  held: null,
});

export const useLessonStore = create<LessonState>()(
  persist(initial, {
    name: LESSON_KEY,
    version: 1,
    storage: createJSONStorage(pageStorage),
    partialize: (s): Saved => ({ open: s.open, chapter: s.chapter, held: s.held }),
    // Saved data is read like any outside input: anything unexpected falls back on the defaults.
    merge: (saved, current) => {
      const got = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<Saved>;
      const held = v.safeParse(heldSchema, got.held);
      return {
        ...current,
        open: got.open === true,
        chapter: typeof got.chapter === 'number' ? clampChapter(got.chapter) : 1,
        held: held.success ? held.output : null,
      };
    },
  }),
);

const { getState, setState } = useLessonStore;

/** Opens or closes the lesson; closing it gives the user's settings back. */
export function setLessonOpen(open: boolean): void {
  setState({ open });
  if (!open) restoreSettings();
}

/**
 * Keeps the user's settings before the lesson changes them: only the first time, so that a second
 * "Show me" does not keep the lesson's own settings in their place.
 */
export function holdSettings(): void {
  if (getState().held) return;
  const { prompt, steps, cache, sampling } = useAppStore.getState().settings;
  const strategy = savedStrategy(useStrategyStore.getState());
  setState({ held: { prompt, steps, cache, sampling, strategy } });
}

/** Gives back the settings the lesson held (a typed prompt that never ran included). */
export function restoreSettings(): void {
  const { held } = getState();
  if (!held) return;
  const { strategy, ...settings } = held;
  useAppStore.setState((s) => ({ settings: { ...s.settings, ...settings } }));
  useStrategyStore.setState(strategy);
  setState({ held: null });
}

/** Shows chapter `chapter` (clamped to the chapters there are), its answer hidden. */
export function goToChapter(chapter: number): void {
  setState({ open: true, chapter: clampChapter(chapter), revealed: false });
}

/** The next chapter; nothing at the last (the answer shown stays shown). */
export function nextChapter(): void {
  const { chapter } = getState();
  if (chapter < CHAPTER_COUNT) goToChapter(chapter + 1);
}

/** The chapter before; nothing at the first. */
export function previousChapter(): void {
  const { chapter } = getState();
  if (chapter > 1) goToChapter(chapter - 1);
}

export function revealAnswer(revealed: boolean): void {
  setState({ revealed });
}

/** The page's `lesson=N`: opens chapter N; an invalid value is named in a notice, and ignored. */
export function applyLessonUrl(search: string): void {
  const found = lessonFromUrl(search);
  if (found.kind === 'chapter') goToChapter(found.chapter);
  if (found.kind !== 'invalid') return;
  const expected = expectedMessage({ min: 1, max: CHAPTER_COUNT, integer: true });
  const notice = message('noticeUrlParam', { name: 'lesson', value: found.value, expected });
  useAppStore.setState((s) => ({ notices: [...s.notices, notice] }));
}

// — the AR toy: its own Step, Back, Play and Reset, as the run's —

const lastT = AR_LENGTH;

/** One value more; false at the end of the series (Play then stops). */
export function arStep(): boolean {
  const { arT } = getState();
  if (arT >= lastT) {
    setState({ arPlaying: false });
    return false;
  }
  setState({ arT: arT + 1 });
  return true;
}

export function arBack(): void {
  setState((s) => ({ arT: Math.max(AR_FIRST, s.arT - 1), arPlaying: false }));
}

export function arReset(): void {
  setState({ arT: AR_FIRST, arPlaying: false });
}

export function arSetPlaying(arPlaying: boolean): void {
  // Play from the end starts over.
  setState((s) => ({ arPlaying, arT: arPlaying && s.arT >= lastT ? AR_FIRST : s.arT }));
}

export function arSetNoise(arNoise: boolean): void {
  setState({ arNoise });
}
