import { useEffect } from 'react';
import { togglePlay } from '../../store/playback';
import { goBack, goForward, goToFirst, goToLast } from '../../store/viewActions';

const typingInto = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

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
      // Space on a focused button presses that button; leave it alone.
      if (!action || (event.key === ' ' && event.target instanceof HTMLButtonElement)) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
