/**
 * Play/Pause: moves through the active run at the chosen speed, one step per tick; at the newest
 * step it asks the model for the next token and waits for it, so playing a live run shows the
 * chain forming at a pace a class can follow.
 *
 * While the tab is hidden, Play holds its place (and stays on): nobody watches the animation, and
 * browsers throttle hidden timers to a tick a second or less, so it would only drift. It goes on
 * from the same step when the tab is shown again. A generation already running in the worker
 * (Generate, Continue) is not playback and goes on while hidden.
 *
 * Any step the user picks by hand (viewActions.selectStep) sets `playing` to false, and Play
 * stops at that: the step picked stays shown.
 */
import { activeRun, shownStep, useAppStore } from './appStore';
import { stepOnce } from './engineActions';
import { moveToStep } from './viewActions';

const { getState, setState } = useAppStore;
let session = 0;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const isHidden = (): boolean => typeof document !== 'undefined' && document.hidden;

/** Resolves at once when the page is shown, else when it is shown again. */
function whenVisible(): Promise<void> {
  if (!isHidden()) return Promise.resolve();
  return new Promise((resolve) => {
    const shown = (): void => {
      if (isHidden()) return;
      document.removeEventListener('visibilitychange', shown);
      resolve();
    };
    document.addEventListener('visibilitychange', shown);
  });
}

/** This Play is still on: not paused, restarted, or stopped by a step picked by hand. */
const stillPlaying = (mine: number): boolean => session === mine && getState().playback.playing;

/** One step forward: a recorded one, or a new one from the model. False when nothing is left. */
async function advance(mine: number): Promise<boolean> {
  const state = getState();
  const run = activeRun(state);
  const shown = shownStep(state) ?? 0;
  if (run && shown < run.steps.length) {
    moveToStep(shown + 1);
    return true;
  }
  const before = run?.steps.length ?? 0;
  const canContinue = !run || run.stopReason === null;
  if (!canContinue || state.live.busy) return false;
  await stepOnce();
  const after = activeRun(getState());
  const grew = after !== null && (after.id !== run?.id || after.steps.length > before);
  // A step picked while the model worked stays shown.
  if (!stillPlaying(mine)) return false;
  if (grew) setState((s) => ({ playback: { ...s.playback, step: null } }));
  return grew && !getState().error;
}

export function pause(): void {
  session++;
  setState((s) => ({ playback: { ...s.playback, playing: false } }));
}

export async function play(): Promise<void> {
  const mine = ++session;
  // Play on a finished run replays it from the start.
  const state = getState();
  const run = activeRun(state);
  if (run?.stopReason && shownStep(state) === run.steps.length) moveToStep(1);
  setState((s) => ({ playback: { ...s.playback, playing: true } }));
  while (stillPlaying(mine)) {
    await whenVisible();
    if (!stillPlaying(mine)) break; // paused (or restarted) while hidden
    const started = performance.now();
    if (!(await advance(mine))) break;
    const interval = 1000 / getState().settings.speed;
    await sleep(Math.max(0, interval - (performance.now() - started)));
  }
  if (session === mine) pause();
}

export function togglePlay(): void {
  if (getState().playback.playing) pause();
  else void play();
}
