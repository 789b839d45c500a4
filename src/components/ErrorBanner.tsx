import { useT } from '../i18n';
import { dismissError } from '../store/viewActions';
import { useAppStore } from '../store/appStore';

export function ErrorBanner() {
  const t = useT();
  const error = useAppStore((s) => s.error);
  const notices = useAppStore((s) => s.notices);
  return (
    <>
      {notices.map((notice) => (
        <p key={notice} className="notice" data-testid="notice">
          {notice}
        </p>
      ))}
      {error && (
        <div className="error" role="alert" data-testid="error-message" data-code={error.code}>
          <span>{error.message}</span>
          <button type="button" onClick={dismissError}>
            {t('dismiss')}
          </button>
        </div>
      )}
    </>
  );
}
