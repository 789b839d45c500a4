import { useState } from 'react';
import { useT } from '../../i18n';
import type { Message } from '../../i18n/message';
import { useAppStore } from '../../store/appStore';
import { chooseSource, currentSource } from '../../store/modelSource';

type Kind = 'hub' | 'mirror' | 'server';

const EXAMPLE = 'http://192.168.1.10:4173/';

/**
 * Where downloads come from: the Hub, its mirror, or a teacher's server. The Hub and the mirror
 * apply at once; a server's address applies on Use (or Enter) once the site can use it, and a
 * refused address says why.
 */
export function SourcePicker(props: { disabled: boolean }) {
  const t = useT();
  const source = currentSource(useAppStore((s) => s.settings.modelSource));
  // "Teacher's server" chosen, its address not applied yet.
  const [typing, setTyping] = useState(false);
  const [url, setUrl] = useState(source.kind === 'server' ? source.url : '');
  const [problem, setProblem] = useState<Message | null>(null);
  const kind: Kind = typing ? 'server' : source.kind;

  const apply = (text: string): void => {
    const refused = chooseSource(text);
    setProblem(refused);
    if (!refused) setTyping(false);
  };

  return (
    <div className="source-picker" data-testid="model-source" data-source={source.kind}>
      <label className="field">
        <span>{t('sourceLabel')}</span>
        <select
          data-testid="model-source-select"
          value={kind}
          disabled={props.disabled}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setProblem(null);
            if (next === 'hub' || next === 'mirror') {
              setTyping(false);
              apply(next);
            } else setTyping(true);
          }}
        >
          <option value="hub">{t('sourceHub')}</option>
          <option value="mirror">{t('sourceMirror')}</option>
          <option value="server">{t('sourceServer')}</option>
        </select>
      </label>
      {kind === 'server' && (
        <div className="source-server">
          <label className="field">
            <span>{t('sourceUrlLabel')}</span>
            <input
              type="url"
              data-testid="model-source-url"
              value={url}
              placeholder={EXAMPLE}
              title={t('sourceUrlHint', { example: EXAMPLE })}
              disabled={props.disabled}
              aria-invalid={problem !== null}
              onChange={(e) => setUrl(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  apply(url);
                }
              }}
            />
          </label>
          <button
            type="button"
            data-testid="model-source-apply"
            disabled={props.disabled}
            onClick={() => apply(url)}
          >
            {t('sourceUse')}
          </button>
        </div>
      )}
      {problem && (
        <p className="field-problem" role="alert" data-testid="model-source-error">
          {t(problem.key, problem.params)}
        </p>
      )}
    </div>
  );
}
