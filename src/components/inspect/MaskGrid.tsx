import { useT } from '../../i18n';
import { CanvasGrid } from './CanvasGrid';

/** Up to this many positions the mask is drawn as cells a test or a screen reader can read. */
const CELL_LIMIT = 48;

/** The causal mask over the context: position i (row) may read positions 0..i (columns). */
/** The causal mask: a position sees itself and the positions before it. */
const causal = (row: number, col: number): number => (col <= row ? 1 : 0);

export function MaskGrid({ size }: { size: number }) {
  const t = useT();
  const allowed = (size * (size + 1)) / 2;
  const label = t('insMaskAria', { n: size, allowed, masked: size * size - allowed });
  return (
    <figure className="ins-figure">
      <figcaption className="ins-caption">
        <strong>{t('insMaskTitle')}</strong> {t('insMaskHelp')}
      </figcaption>
      {size <= CELL_LIMIT ? (
        <div
          className="ins-mask"
          data-testid="mask-grid"
          data-size={size}
          role="img"
          aria-label={label}
          style={{ gridTemplateColumns: `repeat(${size}, 1fr)` }}
        >
          {Array.from({ length: size * size }, (_, k) => {
            const ok = k % size <= Math.floor(k / size);
            return (
              <span
                key={k}
                className={ok ? 'ins-cell ins-allowed' : 'ins-cell ins-masked'}
                data-testid="mask-cell"
                data-allowed={ok}
              />
            );
          })}
        </div>
      ) : (
        <CanvasGrid testId="mask-grid" size={size} label={label} value={causal} />
      )}
    </figure>
  );
}
