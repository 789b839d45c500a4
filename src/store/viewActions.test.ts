import { beforeEach, describe, expect, it } from 'vitest';
import { message } from '../i18n/message';
import { initialState, useAppStore } from './appStore';
import { applyUrl, chooseLanguage, dismissNotice } from './viewActions';

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
