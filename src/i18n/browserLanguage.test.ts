import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserLanguage, languageWasPicked, navigatorLanguages } from './browserLanguage';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the language before the user picks one', () => {
  it('is the first of the browser’s languages the app speaks', () => {
    expect(browserLanguage(['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(browserLanguage(['fr-FR', 'zh-TW', 'en'])).toBe('zh-CN');
    expect(browserLanguage(['zh'])).toBe('zh-CN');
    expect(browserLanguage(['en-GB', 'zh-CN'])).toBe('en');
    expect(browserLanguage(['fr-FR', 'de'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
    expect(browserLanguage(undefined)).toBe('en');
  });

  it('reads navigator.languages, else navigator.language, where there is a browser', () => {
    vi.stubGlobal('navigator', { languages: ['zh-CN', 'en'], language: 'zh-CN' });
    expect(browserLanguage(navigatorLanguages())).toBe('zh-CN');
    vi.stubGlobal('navigator', { languages: [], language: 'zh-HK' });
    expect(navigatorLanguages()).toEqual(['zh-HK']);
    vi.stubGlobal('navigator', undefined);
    expect(navigatorLanguages()).toBeUndefined();
  });

  it('gives way to a language the user picked, as saved', () => {
    expect(languageWasPicked({ settings: { lang: 'en', langPicked: true } })).toBe(true);
    expect(languageWasPicked({ settings: { lang: 'zh-CN', langPicked: false } })).toBe(false);
    // Saved before picks were recorded: Chinese was picked (English was the only default).
    expect(languageWasPicked({ settings: { lang: 'zh-CN' } })).toBe(true);
    expect(languageWasPicked({ settings: { lang: 'en' } })).toBe(false);
    expect(languageWasPicked(null)).toBe(false);
    expect(languageWasPicked({ settings: 'x' })).toBe(false);
  });
});
