/** One dictionary lookup for all visible text, with `{name}` placeholders. */
import { useAppStore } from '../store/appStore';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

const dictionaries: Record<'en' | 'zh-CN', Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export function translate(
  lang: keyof typeof dictionaries,
  key: MessageKey,
  values: Record<string, string | number> = {},
): string {
  const template = dictionaries[lang][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** The translate function for the current language; re-renders when the language changes. */
export function useT(): (key: MessageKey, values?: Record<string, string | number>) => string {
  const lang = useAppStore((s) => s.settings.lang);
  return (key, values) => translate(lang, key, values);
}
