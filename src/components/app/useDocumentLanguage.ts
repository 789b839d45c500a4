import { useEffect } from 'react';
import { translate } from '../../i18n';
import { useAppStore } from '../../store/appStore';

/**
 * Keeps `<html lang>` (screen readers, CJK font choice) and the page's title (tabs, bookmarks)
 * in step with the chosen language.
 */
export function useDocumentLanguage(): void {
  const lang = useAppStore((s) => s.settings.lang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'pageTitle');
  }, [lang]);
}
