import { useMemo } from 'react';
import type { InspectFailureKind } from '../../engine/inspectFailure';
import { modelFromId } from '../../engine/modelCatalog';
import { useAppStore, activeRun, shownStep } from '../../store/appStore';
import { useInspectStore, inspectKey, stepContext } from '../../store/inspections';
import { closeInspection, lookInside } from '../../store/inspectActions';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import { AttentionView } from './AttentionView';
import { LensList } from './LensList';
import { MaskGrid } from './MaskGrid';
import { PrefillPredictions } from './PrefillPredictions';
import './Inspect.css';

const FAILURE_TEXT = {
  not_a_model: 'insFailedNotModel',
  out_of_memory: 'insFailedMemory',
  other: 'insFailed',
} as const satisfies Record<InspectFailureKind, MessageKey>;

/**
 * "Look inside this step": an inspection pass for the shown step, on demand, never during Play.
 * Its views: the causal mask, the attention of the newest position, the attention map, the logit
 * lens, and, for the prefill, the prediction after each prompt token.
 */
export function InspectPanel() {
  const t = useT();
  // Only the run's id while closed: the panel must not re-render with every generated step.
  const runId = useAppStore((s) => activeRun(s)?.id ?? null);
  const step = useAppStore(shownStep);
  const key = runId !== null && step !== null ? inspectKey(runId, step) : null;
  const playing = useAppStore((s) => s.playback.playing);
  const open = useInspectStore((s) => key !== null && s.open === key);
  const entry = useInspectStore((s) => (key ? s.entries[key] : undefined));
  const run = useAppStore((s) => (open ? activeRun(s) : undefined));
  const modelReady = useAppStore((s) => s.model.status === 'ready' && s.model.id === run?.modelId);
  const ids = useMemo(() => (run && step !== null ? stepContext(run, step) : []), [run, step]);
  if (runId === null || step === null) return null;
  const prefill = step === 0;
  if (!open || !run) {
    // Play moves on every moment: an inspection is asked for a step that stays shown.
    if (playing) return null;
    return (
      <section className="ins-panel">
        <button
          type="button"
          data-testid="inspect-button"
          title={t('insLookHint')}
          onClick={() => lookInside()}
        >
          {prefill ? t('insLookPrefill') : t('insLook')}
        </button>
      </section>
    );
  }
  return (
    <section className="ins-panel" data-testid="inspect-panel" aria-labelledby="ins-title">
      <header className="ins-head">
        <h3 id="ins-title">{prefill ? t('insTitlePrefill') : t('insTitle', { n: step })}</h3>
        <button type="button" onClick={closeInspection}>
          {t('insClose')}
        </button>
      </header>
      {!entry && !modelReady && <p role="status">{t('insNeedModel', { model: run.modelId })}</p>}
      {entry?.status === 'loading' && <p role="status">{t('insLoading', { n: ids.length })}</p>}
      {entry?.status === 'missing' && (
        <p role="status" data-testid="inspect-missing">
          {/* A Hub folder holds the Hub's files only: the inspection graph is the app's own. */}
          {modelFromId(run.modelId)?.origin === 'hub' ? t('insHubOnly') : t('insMissing')}
        </p>
      )}
      {entry?.status === 'failed' && (
        <div
          role="alert"
          className="ins-failed"
          data-testid="inspect-failed"
          data-reason={entry.reason}
        >
          <p>
            {t(FAILURE_TEXT[entry.reason])} {t('insFailedRunGoesOn')}
          </p>
          <p className="ins-help">
            <code data-testid="inspect-failed-detail">{entry.message}</code>
          </p>
          <button type="button" data-testid="inspect-retry" onClick={() => lookInside()}>
            {t('insRetry')}
          </button>
        </div>
      )}
      {entry?.status === 'done' && (
        <div data-testid="inspect-result" data-length={entry.inspection.length}>
          <p className="ins-help">
            {t('insPassTime', { n: entry.inspection.length, ms: Math.round(entry.ms) })}
            {modelFromId(run.modelId)?.synthetic === true && (
              <>
                {' '}
                <span data-testid="inspect-random-weights">
                  {t('insTinyNote', { model: run.modelId })}
                </span>
              </>
            )}
          </p>
          <MaskGrid size={entry.inspection.length} />
          <AttentionView inspection={entry.inspection} ids={ids} />
          <LensList inspection={entry.inspection} />
          {prefill && <PrefillPredictions inspection={entry.inspection} ids={ids} />}
        </div>
      )}
    </section>
  );
}
