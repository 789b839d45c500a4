import { useCallback, useSyncExternalStore } from 'react';
import { generatingActive, useAppStore, type AppState } from '../../store/appStore';
import { REDRAW_MS } from '../../store/redrawInterval';

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
 * How long past its due time a throttled redraw may wait for the next store change. Steps arrive
 * in batches at most every REDRAW_MS, the throttled views' own interval (receiveEvent.ts);
 * waiting a little longer lets the throttled views redraw in the same task, hence the same React
 * commit and frame, as a batch.
 */
export const ALIGN_MS = 100;

/**
 * One clock per interval for every throttled view: they all redraw in the same task. Each view
 * with a timer of its own redrew at its own moment, and every one of those moments was a React
 * commit and a frame of its own (layout, paint of the whole page): with the run on screen six
 * such views and the batches made about 45 frames a second where 12 carried new steps
 * (bench/README.md, "Where the page's time goes").
 */
interface Clock {
  views: Set<() => void>;
  timer: ReturnType<typeof setTimeout> | null;
  last: number;
  off: () => void;
}

const clocks = new Map<number, Clock>();

function fireAll(clock: Clock): void {
  if (clock.timer !== null) clearTimeout(clock.timer);
  clock.timer = null;
  clock.last = performance.now();
  for (const view of [...clock.views]) view();
}

function clockFor(intervalMs: number): Clock {
  const existing = clocks.get(intervalMs);
  if (existing) return existing;
  const clock: Clock = { views: new Set(), timer: null, last: -Infinity, off: () => {} };
  clock.off = useAppStore.subscribe((state) => {
    // Anything the user does shows at once; while the step moves on its own, a redraw that is due
    // goes with this change, and one that is not yet due waits for a later change or its timer.
    const wait = stepsMoveOnTheirOwn(state) ? clock.last + intervalMs - performance.now() : 0;
    if (wait <= 0) fireAll(clock);
    else clock.timer ??= setTimeout(() => fireAll(clock), wait + ALIGN_MS);
  });
  clocks.set(intervalMs, clock);
  return clock;
}

/**
 * Calls `onChange` after store changes: at once, except while the shown step moves on its own,
 * when at most once per `intervalMs`, together with every other view throttled by the same
 * interval (a change that arrives meanwhile waits for a later change or a timer; the newest
 * state is read then). Returns the unsubscribe function.
 */
export function subscribeThrottled(onChange: () => void, intervalMs: number): () => void {
  const clock = clockFor(intervalMs);
  // A function of its own: the same callback subscribed twice is two views.
  const view = (): void => onChange();
  clock.views.add(view);
  return () => {
    clock.views.delete(view);
    if (clock.views.size > 0) return;
    clock.off();
    if (clock.timer !== null) clearTimeout(clock.timer);
    clocks.delete(intervalMs);
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
export function useThrottledStore<T>(selector: (s: AppState) => T, intervalMs = REDRAW_MS): T {
  const subscribe = useCallback(
    (onChange: () => void) => subscribeThrottled(onChange, intervalMs),
    [intervalMs],
  );
  return useSyncExternalStore(subscribe, () => selector(useAppStore.getState()));
}
