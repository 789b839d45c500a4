import { beforeEach, describe, expect, it } from 'vitest';
import { message, type Message } from '../i18n/message';
import { initialState, selectedStep, shownStep, useAppStore } from './appStore';
import { stepRecord, withRun } from './testing/fixtures';
import {
  applyUrl,
  chooseLanguage,
  dismissNotice,
  goBack,
  goForward,
  selectStep,
} from './viewActions';

const notices = () => useAppStore.getState().notices;

describe('notices', () => {
  beforeEach(() => useAppStore.setState(initialState()));

  it('each can be dismissed, and stays dismissed', () => {
    applyUrl('?steps=abc&topP=2');
    expect(notices().map((n) => n.params?.name)).toEqual(['steps', 'topP']);
    const [steps] = notices();
    // A notice that arrives meanwhile keeps its place.
    useAppStore.setState((s) => ({ notices: [...s.notices, message('imported', { file: 'a' })] }));
    dismissNotice(steps);
    expect(notices().map((n) => n.key)).toEqual(['noticeUrlParam', 'imported']);
    expect(notices()[0].params?.name).toBe('topP');
    chooseLanguage('zh-CN');
    dismissNotice(steps); // a second click on a stale button changes nothing
    expect(notices()).toHaveLength(2);
  });
});

describe('the step parameter and the prefill', () => {
  beforeEach(() => useAppStore.setState(initialState()));
  const shown = () => shownStep(useAppStore.getState());

  it('shows the step named, 0 being the prefill', () => {
    withRun({ steps: [stepRecord(1), stepRecord(2), stepRecord(3)] });
    applyUrl('?step=2');
    expect(shown()).toBe(2);
    applyUrl('?step=0');
    expect(shown()).toBe(0);
    expect(selectedStep(useAppStore.getState())).toBeNull();
    expect(notices()).toEqual([]);
  });

  it('names a step the run does not have, and one with no run shown', () => {
    withRun({ steps: [stepRecord(1), stepRecord(2)] });
    applyUrl('?step=999');
    expect(notices().map((n) => [n.params?.name, n.params?.value])).toEqual([['step', '999']]);
    expect((notices()[0].params?.expected as Message).key).toBe('urlStepOfRun');
    expect(shown()).toBe(2);
    useAppStore.setState(initialState());
    applyUrl('?step=1');
    expect((notices()[0].params?.expected as Message).key).toBe('urlStepNoRun');
    applyUrl('?step=-1');
    expect(notices()[0].params?.name).toBe('step');
  });

  it('Back from step 1 reaches the prefill; Forward leaves it for step 1', () => {
    withRun({ steps: [stepRecord(1), stepRecord(2)] });
    selectStep(1);
    goBack();
    expect(shown()).toBe(0);
    goBack();
    expect(shown()).toBe(0);
    goForward();
    expect(shown()).toBe(1);
  });
});
