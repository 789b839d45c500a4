import { useCallback, useSyncExternalStore } from 'react';
import { generatingActive, useAppStore, type AppState } from '../../store/appStore';

/** The shown step moves on its own: Play, or following a run the model is generating now. */
export const stepsMoveOnTheirOwn = (s: AppState): boolean =>
  s.playback.playing || (s.playback.step === null && generatingActive(s));

/** The fastest Play (steps per second) whose steps still arrive with an animation. */
export const ANIMATED_MAX_SPEED = 4;

/**
 * Whether a step's arrival is animated: always when the user moves, and during Play up to
 * ANIMATED_MAX_SPEED, where one animation (a few hundred ms) ends before the next step. Faster
 * Play, and following a run as the model makes it, would keep the animations running without a
 * pause: nobody can follow them, and the page would be repainted every frame (at twenty steps a
 * second that nearly doubled the main thread's work).
 */
export const stepsArriveAnimated = (s: AppState): boolean =>
  !stepsMoveOnTheirOwn(s) || (s.playback.playing && s.settings.speed <= ANIMATED_MAX_SPEED);

/**
 * Calls `onChange` after store changes: at once, except while the shown step moves on its own,
 * when at most once per `intervalMs` (a change that arrives meanwhile waits for the timer; the
 * newest state is read when it fires). Returns the unsubscribe function.
 */
export function subscribeThrottled(onChange: () => void, intervalMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  const fire = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    last = performance.now();
    onChange();
  };
  const off = useAppStore.subscribe((state) => {
    const wait = stepsMoveOnTheirOwn(state) ? last + intervalMs - performance.now() : 0;
    // A pending update waits for its timer; anything the user does shows at once.
    if (wait <= 0) fire();
    else timer ??= setTimeout(fire, wait);
  });
  return () => {
    off();
    if (timer !== null) clearTimeout(timer);
  };
}

/**
 * `useAppStore(selector)` for views that are costly to redraw: while the shown step moves on its
 * own, the view re-renders at most once per `intervalMs`, always with the newest value; otherwise
 * (the user moves it) at once. A small model makes dozens of steps a second and Play runs up to
 * twenty: a table of twenty candidates redrawn at that rate cannot be read, and its layout was
 * the largest part of each frame. `selector` must return a primitive or a stored object, as with
 * `useAppStore`.
 */
export function useThrottledStore<T>(selector: (s: AppState) => T, intervalMs = 250): T {
  const subscribe = useCallback(
    (onChange: () => void) => subscribeThrottled(onChange, intervalMs),
    [intervalMs],
  );
  return useSyncExternalStore(subscribe, () => selector(useAppStore.getState()));
}
