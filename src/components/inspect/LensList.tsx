import type { Inspection } from '../../engine/inspect';
import { useT } from '../../i18n';
import { TopTokens } from './TopTokens';

/** The logit lens: each layer's top tokens at the newest position, the last one the model's own. */
export function LensList({ inspection }: { inspection: Inspection }) {
  const t = useT();
  return (
    <section className="ins-section" aria-labelledby="ins-lens-title">
      <h4 id="ins-lens-title">{t('insLensTitle')}</h4>
      <p className="ins-help">{t('insLensHelp')}</p>
      <ol className="ins-lens">
        {inspection.lens.map((top, layer) => (
          <li
            key={layer}
            className="ins-lens-layer"
            data-testid="lens-layer"
            data-layer={layer + 1}
            data-token-id={top[0].id}
            data-prob={top[0].prob}
          >
            <span className="ins-lens-name">{t('insLensLayer', { n: layer + 1 })}</span>
            <TopTokens top={top} t={t} />
          </li>
        ))}
      </ol>
    </section>
  );
}
