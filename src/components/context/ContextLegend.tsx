import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';

/** Each colour of the strip, drawn with the strip's own classes (ContextStrip.css). */
const ENTRIES: { className: string; key: MessageKey; role: string }[] = [
  { className: 'token token-prompt token-read', key: 'legendPrompt', role: 'prompt' },
  { className: 'token token-generated token-read', key: 'legendGenerated', role: 'read' },
  { className: 'token token-generated token-produced', key: 'legendProduced', role: 'produced' },
  { className: 'token token-generated token-future', key: 'legendFuture', role: 'future' },
];

/** What the context strip's colours mean for the shown step: read, produced, not yet written. */
export function ContextLegend() {
  const t = useT();
  return (
    <ul className="context-legend" aria-label={t('legendTitle')} data-testid="context-legend">
      {ENTRIES.map((entry) => (
        <li key={entry.role} data-role={entry.role}>
          <span className={entry.className} aria-hidden="true">
            a
          </span>
          {t(entry.key)}
        </li>
      ))}
    </ul>
  );
}
