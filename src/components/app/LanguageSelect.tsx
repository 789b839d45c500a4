import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { chooseLanguage } from '../../store/viewActions';

export function LanguageSelect() {
  const t = useT();
  const lang = useAppStore((s) => s.settings.lang);
  return (
    <select
      className="language"
      data-testid="language-select"
      aria-label={t('language')}
      value={lang}
      onChange={(e) => chooseLanguage(e.currentTarget.value === 'zh-CN' ? 'zh-CN' : 'en')}
    >
      <option value="en">English</option>
      <option value="zh-CN">简体中文</option>
    </select>
  );
}
