import { useId } from 'react';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { setCache } from '../../store/viewActions';
import { usePromptCheck } from './PromptField';

/**
 * Past this many positions (prompt + steps) a run without the cache is slow enough to say so:
 * the last steps each read the whole sequence, and all steps together read it ~n²/2 times.
 */
export const CACHE_OFF_WARN_POSITIONS = 256;

/**
 * The KV cache on or off. Off, the next runs are the plain loop that runs the model on the whole
 * sequence every step: the same tokens, a growing time per step. A long run without the cache is
 * warned of, not refused.
 */
export function CacheToggle() {
  const t = useT();
  const hintId = useId();
  const cache = useAppStore((s) => s.settings.cache);
  const steps = useAppStore((s) => s.settings.steps);
  const { count } = usePromptCheck();
  const positions = count + steps;
  return (
    <>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={cache}
          data-testid="cache-toggle"
          aria-describedby={hintId}
          onChange={(e) => setCache(e.currentTarget.checked)}
        />
        <span>{t('cacheToggle')}</span>
      </label>
      <p className="field-hint" id={hintId} hidden={cache}>
        {t('cacheHint')}
      </p>
      {!cache && positions > CACHE_OFF_WARN_POSITIONS && (
        <p className="field-hint cache-warning" data-testid="cache-off-warning" role="status">
          {t('cacheOffWarning', { n: positions })}
        </p>
      )}
    </>
  );
}
