import { useId } from 'react';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { contextLimit } from '../../store/promptCheck';
import { setCache } from '../../store/viewActions';
import { cacheOffCost } from './cacheOffCost';
import { usePromptCheck } from './PromptField';

/**
 * Past this many positions (prompt + steps) a run without the cache is slow enough to say so:
 * the last steps each read the whole sequence, and all steps together read it ~n²/2 times.
 */
export const CACHE_OFF_WARN_POSITIONS = 256;

/** A count for the warning: digits grouped, a ratio with one decimal below 10. */
const grouped = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratioText = (r: number): string => (r < 10 ? r.toFixed(1) : String(Math.round(r)));

/**
 * The KV cache on or off. Off, the next runs are the plain loop that runs the model on the whole
 * sequence every step: the same tokens, a growing time per step. A long run without the cache is
 * warned of before it starts, not refused, with what it costs in positions computed (exact, where
 * a time would depend on the machine).
 */
export function CacheToggle() {
  const t = useT();
  const hintId = useId();
  const cache = useAppStore((s) => s.settings.cache);
  const steps = useAppStore((s) => s.settings.steps);
  const modelId = useAppStore((s) => s.settings.modelId);
  const shape = useAppStore((s) => (s.model.id === modelId ? s.model.shape : null));
  const check = usePromptCheck();
  const promptTokens = check.ok ? check.ids.length : check.count;
  const positions = promptTokens + steps;
  const cost = cacheOffCost(promptTokens, steps, contextLimit(modelId, shape));
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
        <p
          className="field-hint cache-warning"
          data-testid="cache-off-warning"
          data-positions-without={cost.withoutCache}
          data-positions-with={cost.withCache}
          role="status"
        >
          {t('cacheOffWarning', { n: positions })}{' '}
          {cost.withCache > 0 &&
            t('cacheOffCost', {
              without: grouped(cost.withoutCache),
              with: grouped(cost.withCache),
              ratio: ratioText(cost.withoutCache / cost.withCache),
            })}
        </p>
      )}
    </>
  );
}
