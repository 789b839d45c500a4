import { useEffect } from 'react';
import { usePresenter } from '../app/PresenterMode';
import { CHAPTER_COUNT } from '../../store/lessonScenes';
import { goToChapter } from '../../store/lessonStore';

const typingInto = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * In presenter mode the number keys 1 … 8 open that chapter of the lesson (the mode's controls
 * are the keys); outside it they do nothing, so that they never surprise someone typing.
 */
export function useLessonKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!usePresenter.getState().on) return;
      if (event.altKey || event.ctrlKey || event.metaKey || typingInto(event.target)) return;
      const n = Number(event.key);
      if (!/^\d$/.test(event.key) || n < 1 || n > CHAPTER_COUNT) return;
      event.preventDefault();
      goToChapter(n);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
