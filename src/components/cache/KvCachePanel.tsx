import { bytesPerPosition, cacheTraffic, knownShape, kvCacheSize } from '../../engine/kvCacheSize';
import { useT } from '../../i18n';
import { activeRun, shownStep, useAppStore, type AppState } from '../../store/appStore';
import { useThrottledStore } from '../shared/useThrottledStore';
import { formatBytes } from './formatBytes';
import { KvGrid } from './KvGrid';
import './KvCache.css';

/**
 * What the model's cache holds after the shown step's run: the prefill (and step 1, whose run it
 * was) wrote the prompt's positions; each later step read every earlier one and wrote one more.
 * Read as single numbers, so that a run growing elsewhere does not re-render it.
 */
const positionsHeld = (s: AppState): number | null => {
  const run = activeRun(s);
  const shown = shownStep(s);
  if (!run || shown === null) return null;
  return shown === 0 ? run.promptIds.length : run.steps[shown - 1].contextLength;
};

/** The loaded model's shape when it made the run on screen, else the shape its id names. */
const runShape = (s: AppState) => {
  const run = activeRun(s);
  if (!run) return null;
  return s.model.id === run.modelId && s.model.shape ? s.model.shape : knownShape(run.modelId);
};

/**
 * The KV cache after the shown step: its shape, its size, what the step read and wrote. While the
 * shown step moves on its own it redraws a few times a second with the other throttled views: its
 * grid of cells changed on every batch of steps.
 */
export function KvCachePanel() {
  const t = useT();
  const rows = useThrottledStore(positionsHeld);
  const step = useThrottledStore(shownStep);
  const promptLength = useAppStore((s) => activeRun(s)?.promptIds.length ?? 0);
  const cacheOff = useAppStore((s) => activeRun(s)?.config.cache === false);
  const shape = useAppStore(runShape);
  const lang = useAppStore((s) => s.settings.lang);
  if (rows === null || step === null) return null;
  // Step 1's run was the prefill: it wrote the prompt's rows.
  const prefill = step <= 1;
  const traffic = cacheTraffic(rows, promptLength, prefill);
  const size = shape ? kvCacheSize(shape, rows) : null;
  return (
    <section
      className="panel kv-cache"
      data-testid="kv-cache"
      data-step={step}
      data-rows={rows}
      data-layers={size?.layers}
      data-heads={size?.heads}
      data-head-dim={size?.headDim}
      data-bytes={size?.bytes}
      aria-labelledby="kv-title"
    >
      <h2 id="kv-title">{step === 0 ? t('kvTitlePrefill') : t('kvTitle', { n: step })}</h2>
      {shape && size ? (
        <>
          <p className="kv-shape">
            {t('kvShape', {
              layers: size.layers,
              heads: size.heads,
              rows,
              dim: size.headDim,
            })}
          </p>
          <p>
            {t('kvBytes', {
              bytes: formatBytes(size.bytes),
              per: formatBytes(bytesPerPosition(shape)),
            })}
          </p>
        </>
      ) : (
        <p className="muted">{t('kvShapeUnknown')}</p>
      )}
      <p>
        {prefill ? t('kvPrefill', { n: traffic.written }) : t('kvDecode', { read: traffic.read })}
      </p>
      {shape && (
        <KvGrid layers={shape.layers} positions={rows} written={traffic.written} lang={lang} />
      )}
      <ul className="kv-legend">
        <li>
          <span className="kv-swatch kv-read" aria-hidden="true" /> {t('kvLegendRead')}
        </li>
        <li>
          <span className="kv-swatch kv-written" aria-hidden="true" /> {t('kvLegendWritten')}
        </li>
      </ul>
      <p className="muted">{cacheOff ? t('kvOffRun', { n: rows }) : t('kvOff', { n: rows })}</p>
    </section>
  );
}
