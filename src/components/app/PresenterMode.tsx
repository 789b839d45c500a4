import { useEffect } from 'react';
import { create } from 'zustand';
import { useT } from '../../i18n';
import './Presenter.css';

/**
 * Presenter mode: the page for a projector. The root takes the class `app-presenting`, and
 * Presenter.css hides everything but the context strip and the shown step's candidates, in large
 * type and high contrast; the keys (useKeyboardControls) drive the steps. Not saved with the
 * settings: a page opens in it only with the URL's `present=1`.
 */
interface PresenterState {
  on: boolean;
}

/** `present=1` opens the page in presenter mode; any other value (as with `autoplay`) does not. */
export const presentFromUrl = (search: string): boolean =>
  new URLSearchParams(search).get('present') === '1';

export const usePresenter = create<PresenterState>()(() => ({
  on: typeof window !== 'undefined' && presentFromUrl(window.location.search),
}));

export const setPresenting = (on: boolean): void => usePresenter.setState({ on });

/** Whether presenter mode is on; while it is, Escape leaves it. */
export function usePresenterMode(): boolean {
  const on = usePresenter((s) => s.on);
  useEffect(() => {
    if (!on) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      setPresenting(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [on]);
  return on;
}

/** The button that enters and leaves presenter mode, and the keys' reminder while it is on. */
export function PresenterToggle() {
  const t = useT();
  const on = usePresenter((s) => s.on);
  return (
    <>
      {on && (
        <span className="presenter-keys" data-testid="presenter-keys">
          {t('presenterKeys')}
        </span>
      )}
      <button
        type="button"
        className="presenter-toggle"
        data-testid="presenter-toggle"
        aria-pressed={on}
        title={t('presenterHelp')}
        onClick={() => setPresenting(!on)}
      >
        {t('presenterOn')}
      </button>
    </>
  );
}
