/** One dictionary lookup for all visible text, with `{name}` placeholders. */
import { useAppStore } from '../store/appStore';
import type { Language } from '../store/urlParams';
import { en, type MessageKey } from './en';
import type { Message, MessageParam } from './message';
import { zhCN } from './zh-CN';

export const dictionaries: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export function translate(
  lang: Language,
  key: MessageKey,
  values: Readonly<Record<string, MessageParam>> = {},
): string {
  const template = dictionaries[lang][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) return `{${name}}`;
    return typeof value === 'object' ? translateMessage(lang, value) : String(value);
  });
}

/** A stored message in `lang`; nested messages are translated in the same language. */
export const translateMessage = (lang: Language, m: Message): string =>
  translate(lang, m.key, m.params);

/** The translate function for the current language; re-renders when the language changes. */
export function useT(): (
  key: MessageKey,
  values?: Readonly<Record<string, MessageParam>>,
) => string {
  const lang = useAppStore((s) => s.settings.lang);
  return (key, values) => translate(lang, key, values);
}
