import { useEffect, useId, useState } from 'react';
import { useT } from '../../i18n';
import { activeRun, useAppStore } from '../../store/appStore';
import { copyShareLink, exportActiveRun, importRunFile } from '../../store/runFileActions';
import { LabelButton } from '../shared/LabelButton';

/** How long "Link copied" stays: long enough to read from the back of a class. */
const SHARE_CONFIRM_MS = 4000;

/**
 * Export the shown run, import one (it replays without a model), or share a link that makes the
 * shown run again. Sharing says so in words that stay a few seconds and are announced.
 */
export function RunFileButtons() {
  const t = useT();
  const hasRun = useAppStore((s) => activeRun(s) !== null);
  const [link, setLink] = useState<string | null>(null);
  // Which confirmation shows, and a count so that each click shows it for the full time again.
  const [confirm, setConfirm] = useState<{ copied: boolean; n: number } | null>(null);
  const hintId = useId();
  useEffect(() => {
    if (!confirm) return;
    const timer = setTimeout(() => setConfirm(null), SHARE_CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [confirm]);
  const share = async () => {
    const result = await copyShareLink();
    setLink(result.link);
    setConfirm((c) => ({ copied: result.copied, n: (c?.n ?? 0) + 1 }));
  };
  return (
    <div className="run-files">
      <LabelButton
        testId="export-button"
        label="exportRun"
        disabled={!hasRun}
        onClick={exportActiveRun}
      />
      <label className="import-label">
        <span>{t('importRun')}</span>
        <input
          type="file"
          accept="application/json,.json"
          data-testid="import-input"
          aria-label={t('importRun')}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void importRunFile(file);
          }}
        />
      </label>
      <button
        type="button"
        data-testid="share-button"
        title={t('shareHint')}
        aria-describedby={hintId}
        onClick={() => void share()}
      >
        {t('shareLink')}
      </button>
      <span id={hintId} hidden>
        {t('shareHint')}
      </span>
      {/* In the page from the start: a live region announces what later appears in it. */}
      <span className="share-status" role="status" data-testid="share-status">
        {confirm && (confirm.copied ? t('shareCopied') : t('shareShown'))}
      </span>
      {link && (
        <input
          className="share-link"
          readOnly
          value={link}
          data-testid="share-link"
          aria-label={t('shareLinkLabel')}
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
    </div>
  );
}
