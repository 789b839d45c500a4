import { useEffect } from 'react';
import { LESSON_AR } from '../../engine/arToy';
import { useT } from '../../i18n';
import {
  arBack,
  arReset,
  arSetNoise,
  arSetPlaying,
  arStep,
  AR_EXACT,
  AR_LENGTH,
  AR_NOISY,
  useLessonStore,
} from '../../store/lessonStore';
import { ArPlot } from './ArPlot';

/** The toy's pace while playing: slow enough to read each value's sum. */
const PLAY_MS = 600;

const num = (v: number): string => v.toFixed(2);

/** Every value either series takes, start values included: the plot's fixed vertical range. */
const ALL = [...LESSON_AR.start, ...AR_NOISY.map((s) => s.value), ...AR_EXACT.map((s) => s.value)];
const LOW = Math.min(0, ...ALL);
const HIGH = Math.max(...ALL);

/**
 * Chapter 5's AR(2) toy beside the language model: x_t = φ1·x_{t−1} + φ2·x_{t−2} + ε_t, revealed
 * one value per step with the same Step / Back / Play feel as the run, the newest value written
 * out as the sum it is, and a switch for the noise.
 */
export function ArToy() {
  const t = useT();
  const shown = useLessonStore((s) => s.arT);
  const playing = useLessonStore((s) => s.arPlaying);
  const noise = useLessonStore((s) => s.arNoise);
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      if (!arStep()) clearInterval(timer);
    }, PLAY_MS);
    return () => clearInterval(timer);
  }, [playing]);
  const steps = noise ? AR_NOISY : AR_EXACT;
  const [phi1, phi2] = LESSON_AR.coefficients;
  const values = [...LESSON_AR.start, ...steps.map((s) => s.value)].slice(0, shown);
  const p = LESSON_AR.start.length;
  const step = shown > p ? steps[shown - p - 1] : null;
  return (
    <section
      className="lesson-ar"
      data-testid="lesson-ar"
      data-t={shown}
      aria-labelledby="ar-title"
    >
      <h3 id="ar-title">{t('arTitle')}</h3>
      <p className="ar-formula">{t('arFormula', { phi1, phi2 })}</p>
      <ArPlot
        values={values}
        total={AR_LENGTH}
        low={LOW}
        high={HIGH}
        lags={step ? [shown - 1, shown - 2] : []}
        label={t('arPlot', { t: shown, values: values.map(num).join(', ') })}
      />
      <p
        className="ar-now"
        data-testid="lesson-ar-now"
        // Read out each value stepped by hand; while playing that would be a flood.
        aria-live={playing ? 'off' : 'polite'}
      >
        {step
          ? t('arNow', {
              t: shown,
              phi1,
              phi2,
              x1: num(values[shown - 2]),
              x2: num(values[shown - 3]),
              eps: num(step.noise),
              value: num(step.value),
            })
          : t('arStart', { x1: LESSON_AR.start[0], x2: LESSON_AR.start[1] })}
      </p>
      <div className="ar-controls">
        <button type="button" data-testid="ar-back" onClick={arBack}>
          {t('arBack')}
        </button>
        <button type="button" data-testid="ar-play" onClick={() => arSetPlaying(!playing)}>
          {playing ? t('arPause') : t('arPlay')}
        </button>
        <button
          type="button"
          data-testid="ar-step"
          onClick={() => {
            arSetPlaying(false);
            arStep();
          }}
        >
          {t('arStep')}
        </button>
        <button type="button" data-testid="ar-reset" onClick={arReset}>
          {t('arReset')}
        </button>
        <span className="muted">{t('arPosition', { t: shown, total: AR_LENGTH })}</span>
      </div>
      <label className="ar-noise">
        <input
          type="checkbox"
          data-testid="ar-noise"
          checked={noise}
          onChange={(e) => arSetNoise(e.currentTarget.checked)}
        />{' '}
        {t('arNoise')}
      </label>
    </section>
  );
}
