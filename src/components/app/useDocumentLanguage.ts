import { useEffect } from 'react';
import { useAppStore } from '../../store/appStore';

/** Keeps `<html lang>` in step with the chosen language (screen readers, CJK font choice). */
export function useDocumentLanguage(): void {
  const lang = useAppStore((s) => s.settings.lang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
}
