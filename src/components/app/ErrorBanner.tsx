import { useT } from '../../i18n';
import { useId } from 'react';
import { dismissError, dismissNotice } from '../../store/viewActions';
import { useAppStore } from '../../store/appStore';

/**
 * Notices and the current error. Both are stored as dictionary messages, so they follow the
 * language; an error's detail is the runtime's own words (file names, HTTP status) and stays as is.
 * Each can be dismissed, and stays dismissed.
 */
export function ErrorBanner() {
  const t = useT();
  const error = useAppStore((s) => s.error);
  const notices = useAppStore((s) => s.notices);
  const baseId = useId();
  return (
    <>
      {notices.map((notice, i) => (
        // Notices are plain text without state of their own: index keys are enough.
        <div key={i} className="notice" data-testid="notice" data-key={notice.key}>
          <span id={`${baseId}-${i}`}>{t(notice.key, notice.params)}</span>
          <button
            type="button"
            data-testid="notice-dismiss"
            aria-describedby={`${baseId}-${i}`}
            onClick={() => dismissNotice(notice)}
          >
            {t('dismiss')}
          </button>
        </div>
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
