import { useEffect } from 'react';
import { togglePlay } from '../../store/playback';
import { goBack, goForward, goToFirst, goToLast } from '../../store/viewActions';

const typingInto = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * A candidate row of the step detail: pressing it forces that token, a new run each time. Space
 * there is Play, as everywhere else, so that the documented Play key never branches (Enter and a
 * click do).
 */
const candidateRow = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && target.dataset.testid === 'candidate';

/** Space plays/pauses, ← → move one step, Home/End jump — except while the user is typing. */
export function useKeyboardControls(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typingInto(event.target)) return;
      const actions: Record<string, () => void> = {
        ' ': togglePlay,
        ArrowLeft: goBack,
        ArrowRight: goForward,
        Home: goToFirst,
        End: goToLast,
      };
      const action = actions[event.key];
      // Space on a focused button presses that button; leave it alone (but for a candidate row).
      const pressesButton =
        event.key === ' ' &&
        event.target instanceof HTMLButtonElement &&
        !candidateRow(event.target);
      if (!action || pressesButton) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
