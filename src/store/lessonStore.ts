/**
 * The lesson's own state: whether its panel is open, the chapter shown, whether the chapter's
 * answer is revealed, and the AR(p) toy's position. A small store of its own, saved in
 * localStorage (open and chapter only) so that a reload comes back to the same chapter; the URL's
 * `lesson=N` opens chapter N instead.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { LESSON_AR, arSeries } from '../engine/arToy';
import { expectedMessage } from './settingsCheck';
import { message } from '../i18n/message';
import { useAppStore } from './appStore';
import { CHAPTER_COUNT, clampChapter, lessonFromUrl } from './lessonScenes';
import { pageStorage } from './pageStorage';

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
}

type Saved = Pick<LessonState, 'open' | 'chapter'>;

const initial = (): LessonState => ({
  open: false,
  chapter: 1,
  revealed: false,
  arT: AR_FIRST,
  arPlaying: false,
  arNoise: true,
});

export const useLessonStore = create<LessonState>()(
  persist(initial, {
    name: LESSON_KEY,
    version: 1,
    storage: createJSONStorage(pageStorage),
    partialize: (s): Saved => ({ open: s.open, chapter: s.chapter }),
    // Saved data is read like any outside input: anything unexpected falls back on the defaults.
    merge: (saved, current) => {
      const v = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<Saved>;
      return {
        ...current,
        open: v.open === true,
        chapter: typeof v.chapter === 'number' ? clampChapter(v.chapter) : 1,
      };
    },
  }),
);

const { getState, setState } = useLessonStore;

export function setLessonOpen(open: boolean): void {
  setState({ open });
}

/** Shows chapter `chapter` (clamped to the chapters there are), its answer hidden. */
export function goToChapter(chapter: number): void {
  setState({ open: true, chapter: clampChapter(chapter), revealed: false });
}

export const nextChapter = (): void => goToChapter(Math.min(getState().chapter + 1, CHAPTER_COUNT));
export const previousChapter = (): void => goToChapter(Math.max(getState().chapter - 1, 1));
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
