import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Inspection } from '../../engine/inspect';
import { viewToken } from '../../engine/tokenizer';
import { useT } from '../../i18n';
import { wantAttentionMap } from '../../store/inspectActions';
import { percent } from '../step/format';
import { TokenChip } from '../step/TokenChip';
import { attentionMap, newestWeights, type HeadChoice } from './attentionData';
import { CanvasGrid } from './CanvasGrid';

/**
 * The newest position's attention over every token it read, for a chosen layer and head (or the
 * heads' average), and the whole context × context map of that choice.
 */
export function AttentionView(props: { inspection: Inspection; ids: number[] }) {
  const { inspection, ids } = props;
  const t = useT();
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState<HeadChoice>(0);
  const weights = useMemo(() => newestWeights(inspection, layer, head), [inspection, layer, head]);
  // The average is a new array each time it is made: made once per choice, so the canvas (which
  // redraws when its cell function changes) draws once per choice too.
  const map = useMemo(() => attentionMap(inspection, layer, head), [inspection, layer, head]);
  // A long context sends one head's map: ask for the chosen one (a head, or all for the average).
  useEffect(() => {
    if (map) return;
    if (head !== 'average') wantAttentionMap({ layer, head });
  }, [map, layer, head]);
  const cell = useCallback(
    (row: number, col: number) => (map ? map[row * inspection.length + col] : 0),
    [map, inspection.length],
  );
  const headName = head === 'average' ? t('insHeadAverage') : t('insHeadOption', { n: head + 1 });
  return (
    <section className="ins-section" aria-labelledby="ins-attn-title">
      <h4 id="ins-attn-title">{t('insAttnTitle')}</h4>
      <p className="ins-help">{t('insAttnHelp', { n: inspection.length })}</p>
      <div className="ins-selects">
        <label>
          {t('insLayer')}{' '}
          <select
            data-testid="attention-layer-select"
            value={layer}
            onChange={(e) => setLayer(Number(e.target.value))}
          >
            {Array.from({ length: inspection.layers }, (_, l) => (
              <option key={l} value={l}>
                {t('insLayerOption', { n: l + 1 })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('insHead')}{' '}
          <select
            data-testid="attention-head-select"
            value={String(head)}
            onChange={(e) =>
              setHead(e.target.value === 'average' ? 'average' : Number(e.target.value))
            }
          >
            {Array.from({ length: inspection.heads }, (_, h) => (
              <option key={h} value={h}>
                {t('insHeadOption', { n: h + 1 })}
              </option>
            ))}
            <option value="average">{t('insHeadAverage')}</option>
          </select>
        </label>
      </div>
      <ol className="ins-weights">
        {weights.map((w, j) => (
          <li
            key={j}
            className="ins-weight"
            data-testid="attention-weight"
            data-position={j + 1}
            data-weight={w}
          >
            <TokenChip token={viewToken(ids[j])} id={ids[j]} t={t} />
            <span className="ins-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, w * 100)}%` }} />
            </span>
            <span className="ins-prob">{percent(w)}</span>
          </li>
        ))}
      </ol>
      <figure className="ins-figure">
        <figcaption className="ins-caption">
          <strong>{t('insHeatTitle')}</strong>
        </figcaption>
        {map ? (
          <CanvasGrid
            testId="attention-map"
            size={inspection.length}
            label={t('insHeatAria', { layer: layer + 1, head: headName, n: inspection.length })}
            value={cell}
          />
        ) : (
          <p className="ins-help" role="status">
            {t('insHeatLoading')}
          </p>
        )}
      </figure>
    </section>
  );
}
