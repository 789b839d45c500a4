import { viewToken } from '../engine/tokenizer';
import { useT } from '../i18n';
import { useAppStore } from '../store/appStore';
import { selectedStepOf } from './selection';

/**
 * The growing context: prompt tokens, then one token per step. For the selected step, the tokens
 * the model read are highlighted and the token it produced is marked: the chain made visible.
 */
export function ContextStrip() {
  const t = useT();
  const promptIds = useAppStore((s) => s.run.promptIds);
  const steps = useAppStore((s) => s.run.steps);
  const selected = useAppStore(selectedStepOf);
  if (promptIds.length === 0) return null;
  const read = selected ? selected.contextLength : promptIds.length + steps.length;
  const tokens = [
    ...promptIds.map((id) => ({ id, label: viewToken(id).label, source: 'prompt' as const })),
    ...steps.map((s) => ({ id: s.tokenId, label: s.token.label, source: 'generated' as const })),
  ];
  return (
    <section className="panel" aria-label={t('context')}>
      <h2 title={t('contextHelp')}>
        {t('context')} <small>{tokens.length}</small>
      </h2>
      <div className="context-strip" data-testid="context-strip">
        {tokens.map((token, index) => (
          <span
            key={index}
            className={`token token-${token.source}${index < read ? ' token-read' : ''}${
              index === read ? ' token-produced' : ''
            }`}
            data-testid="context-token"
            data-index={index}
            data-token-id={token.id}
            data-source={token.source}
            title={`#${index} · id ${token.id}`}
          >
            {token.label}
          </span>
        ))}
      </div>
    </section>
  );
}
