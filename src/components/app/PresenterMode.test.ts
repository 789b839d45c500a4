import { describe, expect, it } from 'vitest';
import { presentFromUrl } from './PresenterMode';

describe('presentFromUrl', () => {
  it('opens presenter mode for present=1 only, as autoplay reads its 1', () => {
    expect(presentFromUrl('?present=1')).toBe(true);
    expect(presentFromUrl('?model=tiny-gpt2&present=1&steps=5')).toBe(true);
    for (const search of ['', '?', '?present=0', '?present=', '?present=true', '?present=yes']) {
      expect(presentFromUrl(search), search).toBe(false);
    }
  });
});
