import { useState } from 'react';
import { useT } from '../../i18n';
import { activeRun, useAppStore } from '../../store/appStore';
import { copyShareLink, exportActiveRun, importRunFile } from '../../store/runFileActions';

/** Export the shown run, import one (it replays without a model), or share the settings. */
export function RunFileButtons() {
  const t = useT();
  const hasRun = useAppStore((s) => activeRun(s) !== null);
  const [link, setLink] = useState<string | null>(null);
  return (
    <div className="run-files">
      <button
        type="button"
        data-testid="export-button"
        disabled={!hasRun}
        onClick={exportActiveRun}
      >
        {t('exportRun')}
      </button>
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
        onClick={() => void copyShareLink().then(setLink)}
      >
        {t('shareLink')}
      </button>
      {link && (
        <input
          className="share-link"
          readOnly
          value={link}
          data-testid="share-link"
          aria-label={t('shareCopied')}
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
    </div>
  );
}
