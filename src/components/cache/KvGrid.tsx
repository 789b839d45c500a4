import { memo } from 'react';
import { translate } from '../../i18n';
import type { Language } from '../../store/urlParams';

/** Columns drawn at most: a longer cache shows its newest positions and counts the others. */
export const MAX_COLUMNS = 48;
/** Layers drawn at most (GPT-2 small has 12). */
const MAX_LAYERS = 12;

/**
 * The cache as a grid: one row per layer, one column per position held, the newest on the right,
 * so it grows by one column per step. Each cell stands for a key row and a value row of every
 * head; `read` columns were read at the shown step, the last `written` were written by it.
 */
export const KvGrid = memo(function KvGrid(props: {
  layers: number;
  positions: number;
  written: number;
  lang: Language;
}) {
  const { layers, positions, written, lang } = props;
  const shown = Math.min(positions, MAX_COLUMNS);
  const hidden = positions - shown;
  const rows = Math.min(layers, MAX_LAYERS);
  const cells = Array.from({ length: shown }, (_, i) =>
    hidden + i >= positions - written ? 'kv-written' : 'kv-read',
  );
  return (
    <figure className="kv-grid">
      <figcaption className="muted">{translate(lang, 'kvGrid')}</figcaption>
      {/* The sentences around it say the same in words. */}
      <div className="kv-rows" aria-hidden="true">
        {Array.from({ length: rows }, (_, layer) => (
          <div className="kv-row" key={layer}>
            <span className="kv-layer">{translate(lang, 'kvLayer', { n: layer + 1 })}</span>
            {hidden > 0 && (
              <span className="kv-earlier">{translate(lang, 'kvEarlier', { n: hidden })}</span>
            )}
            {cells.map((kind, i) => (
              <span className={`kv-cell ${kind}`} key={i} />
            ))}
          </div>
        ))}
      </div>
    </figure>
  );
});
