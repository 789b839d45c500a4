import { useId } from 'react';
import { useT } from '../../i18n';
import { Icon } from './icons';
import { activeSteps, shownStep, useAppStore } from '../../store/appStore';
import { togglePlay } from '../../store/playback';
import { goBack, goForward, goToFirst, goToLast, setSpeed } from '../../store/viewActions';

/**
 * Play/Pause, Back/Forward, Home/End and the speed of Play (keyboard: Space ← → Home End). Moving
 * by hand pauses Play (viewActions.selectStep).
 */
export function PlaybackBar() {
  const t = useT();
  const playing = useAppStore((s) => s.playback.playing);
  const speed = useAppStore((s) => s.settings.speed);
  const count = useAppStore((s) => activeSteps(s).length);
  const shown = useAppStore(shownStep) ?? 0;
  const hintId = useId();
  return (
    <div className="playback" role="toolbar" aria-label={t('playback')}>
      <button
        type="button"
        onClick={goToFirst}
        disabled={count === 0 || shown === 1}
        aria-label={t('first')}
      >
        <Icon name="first" />
      </button>
      <button
        type="button"
        onClick={goBack}
        // Back from step 1 is the prefill (step 0).
        disabled={shown <= 0}
        aria-label={t('back')}
        data-testid="back-button"
      >
        <Icon name="back" />
      </button>
      <button
        type="button"
        className="play"
        onClick={togglePlay}
        aria-pressed={playing}
        aria-label={playing ? t('pause') : t('play')}
        aria-describedby={hintId}
        title={t('playHint')}
        data-testid="play-button"
      >
        <Icon name={playing ? 'pause' : 'play'} /> {playing ? t('pause') : t('play')}
      </button>
      <span id={hintId} hidden>
        {t('playHint')}
      </span>
      <button
        type="button"
        onClick={goForward}
        disabled={shown >= count}
        aria-label={t('forward')}
        data-testid="forward-button"
      >
        <Icon name="forward" />
      </button>
      <button type="button" onClick={goToLast} disabled={shown >= count} aria-label={t('last')}>
        <Icon name="last" />
      </button>
      <label className="speed">
        <span>{t('speed', { n: speed })}</span>
        <input
          type="range"
          min={0.5}
          max={20}
          step={0.5}
          value={speed}
          data-testid="speed-input"
          onChange={(e) => setSpeed(e.currentTarget.valueAsNumber)}
        />
      </label>
      <span className="playback-position" data-testid="playback-position">
        {count > 0 ? `${shown} / ${count}` : ''}
      </span>
    </div>
  );
}
