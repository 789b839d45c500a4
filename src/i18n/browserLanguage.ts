/**
 * The page's language before the user picks one: the first of the browser's languages that the
 * app speaks (any Chinese one reads Simplified Chinese), else English. Once the user picks a
 * language the pick is kept; `lang=` in the URL wins over both for that page.
 */
import type { Language } from '../store/urlParams';

/** The first language of `preferred` (navigator.languages, best first) that the app speaks. */
export function browserLanguage(preferred: readonly string[] | undefined): Language {
  for (const tag of preferred ?? []) {
    const lower = tag.toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  }
  return 'en';
}

/** The browser's languages, where there is a browser (none in Node, in tests and the CLI). */
export function navigatorLanguages(): readonly string[] | undefined {
  const nav: { languages?: readonly string[]; language?: string } | undefined =
    globalThis.navigator;
  if (nav?.languages && nav.languages.length > 0) return nav.languages;
  return nav?.language ? [nav.language] : undefined;
}

const own = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? Reflect.get(value, key)
    : undefined;

/**
 * Whether saved state (`{ settings: … }`) holds a language the user picked. Settings saved before
 * picks were recorded have no `langPicked`: Chinese there can only have been picked (English was
 * the default), so it counts as picked.
 */
export function languageWasPicked(saved: unknown): boolean {
  const settings = own(saved, 'settings');
  const picked = own(settings, 'langPicked');
  if (picked !== undefined) return picked === true;
  return own(settings, 'lang') === 'zh-CN';
}
