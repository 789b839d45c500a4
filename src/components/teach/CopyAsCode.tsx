import { useEffect, useId, useState } from 'react';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import { activeRun, generatingActive, useAppStore } from '../../store/appStore';
import { useThrottledStore } from '../shared/useThrottledStore';
import { copyText } from './clipboard';
import { codeFor, codeSettingsOf, type CodeLanguage } from './codeText';
import './Teach.css';

/** How long "Copied" stays: long enough to read from the back of a class. */
const CONFIRM_MS = 4000;

const LANGUAGES: { lang: CodeLanguage; testId: string; copy: MessageKey; name: MessageKey }[] = [
  { lang: 'python', testId: 'python', copy: 'teachCopyPython', name: 'teachCodePython' },
  {
    lang: 'transformersjs',
    testId: 'transformersjs',
    copy: 'teachCopyJs',
    name: 'teachCodeJs',
  },
];

/**
 * The shown run's settings as a Python `transformers` call and as a transformers.js call: in the
 * page as text, and copied with a button. Where the clipboard is refused, the page says to copy
 * the text shown.
 */
export function CopyAsCode() {
  const t = useT();
  const run = useThrottledStore(activeRun);
  const generating = useAppStore(generatingActive);
  const baseId = useId();
  // Which confirmation shows, and a count so that each click shows it for the full time again.
  const [status, setStatus] = useState<{ name: MessageKey; copied: boolean; n: number } | null>(
    null,
  );
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [status]);
  if (!run) return null;
  const settings = codeSettingsOf(run, generating);
  const copy = async (text: string, name: MessageKey) => {
    const copied = await copyText(text);
    setStatus((s) => ({ name, copied, n: (s?.n ?? 0) + 1 }));
  };
  return (
    <section
      className="panel teach-code"
      data-testid="copy-code"
      aria-labelledby={`${baseId}-title`}
    >
      <h2 id={`${baseId}-title`}>{t('teachCodeTitle')}</h2>
      <p className="muted">{t('teachCodeIntro')}</p>
      <p className="tcode-note" data-testid="article-note">
        {t('teachArticleNote')}
      </p>
      {/* In the page from the start: a live region announces what later appears in it. */}
      <p className="tcode-status" role="status" data-testid="copy-status">
        {status &&
          (status.copied ? t('teachCopied', { what: t(status.name) }) : t('teachCopyRefused'))}
      </p>
      <div className="tcode-blocks">
        {LANGUAGES.map(({ lang, testId, copy: copyKey, name }) => {
          const text = codeFor(lang, settings);
          const headingId = `${baseId}-${lang}`;
          return (
            <div key={lang} className="tcode-block">
              <div className="tcode-head">
                <h3 id={headingId}>{t(name)}</h3>
                <button
                  type="button"
                  data-testid={`copy-${testId}`}
                  data-copied={status?.name === name && status.copied ? 'true' : 'false'}
                  onClick={() => void copy(text, name)}
                >
                  {status?.name === name && status.copied ? `✓ ${t(copyKey)}` : t(copyKey)}
                </button>
              </div>
              {/* Focusable, so that a keyboard can scroll it and select the text. */}
              <pre
                className="tcode-pre"
                data-testid={`code-${testId}`}
                tabIndex={0}
                aria-labelledby={headingId}
              >
                <code>{text}</code>
              </pre>
            </div>
          );
        })}
      </div>
    </section>
  );
}
