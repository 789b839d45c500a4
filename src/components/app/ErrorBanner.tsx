import { useT } from '../../i18n';
import { dismissError } from '../../store/viewActions';
import { useAppStore } from '../../store/appStore';

/**
 * Notices and the current error. Both are stored as dictionary messages, so they follow the
 * language; an error's detail is the runtime's own words (file names, HTTP status) and stays as is.
 */
export function ErrorBanner() {
  const t = useT();
  const error = useAppStore((s) => s.error);
  const notices = useAppStore((s) => s.notices);
  return (
    <>
      {notices.map((notice, i) => (
        // Notices are plain text without state of their own: index keys are enough.
        <p key={i} className="notice" data-testid="notice" data-key={notice.key}>
          {t(notice.key, notice.params)}
        </p>
      ))}
      {error && (
        <div className="error" role="alert" data-testid="error-message" data-code={error.code}>
          <span>
            {t(error.message.key, error.message.params)}
            {error.detail && (
              <>
                <br />
                <small className="error-detail" data-testid="error-detail">
                  {t('errorDetail', { detail: error.detail })}
                </small>
              </>
            )}
          </span>
          <button type="button" onClick={dismissError}>
            {t('dismiss')}
          </button>
        </div>
      )}
    </>
  );
}
