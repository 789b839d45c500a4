import type { Inspection } from '../../engine/inspect';
import { viewToken } from '../../engine/tokenizer';
import { useT } from '../../i18n';
import { TokenChip } from '../step/TokenChip';
import { TopTokens } from './TopTokens';

/** After each prompt position, the model's most likely next tokens (the prefill computes all). */
export function PrefillPredictions(props: { inspection: Inspection; ids: number[] }) {
  const { inspection, ids } = props;
  const t = useT();
  return (
    <section className="ins-section" aria-labelledby="ins-prefill-title">
      <h4 id="ins-prefill-title">{t('insPrefillTitle')}</h4>
      <p className="ins-help">{t('insPrefillHelp')}</p>
      <ol className="ins-prefill">
        {inspection.after.map((top, position) => (
          <li
            key={position}
            data-testid="prefill-prediction"
            data-position={position + 1}
            data-token-id={top[0].id}
          >
            <span className="ins-lens-name">{t('insPosition', { n: position + 1 })}</span>
            <TokenChip token={viewToken(ids[position])} id={ids[position]} t={t} />
            <span aria-hidden="true">→</span>
            <TopTokens top={top} t={t} />
          </li>
        ))}
      </ol>
    </section>
  );
}
