import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialState, useAppStore } from '../../store/appStore';
import {
  ALIGN_MS,
  ANIMATED_MAX_SPEED,
  stepsArriveAnimated,
  stepsMoveOnTheirOwn,
  subscribeThrottled,
} from './useThrottledStore';

const { setState } = useAppStore;
function playing(on: boolean): void {
  setState((s) => ({ playback: { ...s.playback, playing: on } }));
}
function show(step: number): void {
  setState((s) => ({ playback: { ...s.playback, step } }));
}

beforeEach(() => {
  vi.useFakeTimers();
  setState(initialState());
});
afterEach(() => vi.useRealTimers());

describe('stepsMoveOnTheirOwn', () => {
  it('holds during Play and while following the run the model is generating', () => {
    expect(stepsMoveOnTheirOwn(useAppStore.getState())).toBe(false);
    playing(true);
    expect(stepsMoveOnTheirOwn(useAppStore.getState())).toBe(true);
    setState({
      playback: { step: null, playing: false },
      activeRunId: 'run-a',
      live: { runId: 'run-a', requestId: 1, busy: true },
    });
    expect(stepsMoveOnTheirOwn(useAppStore.getState())).toBe(true);
    show(3); // the user picked a step: it no longer follows the run
    expect(stepsMoveOnTheirOwn(useAppStore.getState())).toBe(false);
  });
});

describe('stepsArriveAnimated', () => {
  const animated = (): boolean => stepsArriveAnimated(useAppStore.getState());
  const speed = (steps: number): void => {
    setState((s) => ({ settings: { ...s.settings, speed: steps } }));
  };

  it('animates when the user moves, and Play up to the animated speed only', () => {
    expect(animated()).toBe(true);
    playing(true);
    speed(ANIMATED_MAX_SPEED);
    expect(animated()).toBe(true);
    speed(ANIMATED_MAX_SPEED + 1);
    expect(animated()).toBe(false);
    playing(false);
    expect(animated()).toBe(true);
  });

  it('does not animate while following a run the model is generating', () => {
    setState({
      playback: { step: null, playing: false },
      activeRunId: 'run-a',
      live: { runId: 'run-a', requestId: 1, busy: true },
    });
    expect(animated()).toBe(false);
    show(2);
    expect(animated()).toBe(true);
  });
});

describe('subscribeThrottled', () => {
  it('passes changes on at once while the user moves through the steps', () => {
    const onChange = vi.fn();
    const off = subscribeThrottled(onChange, 250);
    show(1);
    show(2);
    show(3);
    expect(onChange).toHaveBeenCalledTimes(3);
    off();
  });

  it('during Play, passes changes on at most once per interval, none lost', () => {
    const onChange = vi.fn();
    const off = subscribeThrottled(onChange, 250);
    playing(true); // the first change goes through at once
    expect(onChange).toHaveBeenCalledTimes(1);
    for (let step = 1; step <= 10; step++) {
      show(step);
      vi.advanceTimersByTime(50);
    }
    // 500 ms of changes every 50 ms: one more call with a change (at 250 ms), not ten; the
    // changes after it wait for a later change or, none coming, for the timer.
    expect(onChange).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(onChange).toHaveBeenCalledTimes(3);
    show(11); // long after the last call: at once
    expect(onChange).toHaveBeenCalledTimes(4);
    show(12); // too soon: waits for the timer…
    expect(onChange).toHaveBeenCalledTimes(4);
    playing(false); // …but pausing is the user's doing and shows at once
    expect(onChange).toHaveBeenCalledTimes(5);
    vi.advanceTimersByTime(1000);
    expect(onChange).toHaveBeenCalledTimes(5);
    off();
  });

  it('redraws every throttled view in the same call, with a change once one is due', () => {
    const calls: string[] = [];
    const offA = subscribeThrottled(() => calls.push('a'), 250);
    playing(true);
    vi.advanceTimersByTime(100);
    const offB = subscribeThrottled(() => calls.push('b'), 250);
    calls.length = 0;
    show(1); // not yet due: nobody redraws
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(200);
    show(2); // due: both views redraw with this change, in one go
    expect(calls).toEqual(['a', 'b']);
    show(3);
    vi.advanceTimersByTime(250 + ALIGN_MS - 1);
    expect(calls).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1); // no change came: the timer redraws both, once
    expect(calls).toEqual(['a', 'b', 'a', 'b']);
    offA();
    offB();
  });
});
