import { useT } from '../../i18n';
import { exportable, exportShownStrategyRun } from '../../store/strategyFileActions';
import { useStrategyStore } from '../../store/strategyStore';

/**
 * Export of the strategy run on screen as a JSON file, once it ended; the page's import control
 * (beside the runs) takes it back, and the views replay it without a model.
 */
export function StrategyExport() {
  const t = useT();
  const ready = useStrategyStore((s) => exportable(s.run));
  return (
    <button
      type="button"
      data-testid="strategy-export"
      title={t('strategyExportHint')}
      disabled={!ready}
      onClick={exportShownStrategyRun}
    >
      {t('strategyExport')}
    </button>
  );
}
