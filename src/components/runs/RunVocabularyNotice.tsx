import { useT } from '../../i18n';
import { activeRun, useAppStore } from '../../store/appStore';
import { fetchRunVocabulary, useVocabFetchStore } from '../../store/runVocabulary';
import { useVocabulary } from '../../store/vocabularies';

/**
 * Above a run shown by bare ids (its model's vocabulary is not in this browser): why, and a button
 * that downloads the model's tokenizer files, only when clicked, after which the run reads as text.
 */
export function RunVocabularyNotice() {
  const t = useT();
  const modelId = useAppStore((s) => activeRun(s)?.modelId ?? null);
  const vocab = useVocabulary(modelId);
  const fetching = useVocabFetchStore((s) => (s.modelId === modelId ? s : null));
  if (modelId === null || vocab.kind !== 'ids') return null;
  const loading = fetching?.state === 'loading';
  return (
    <div
      className="notice"
      role="status"
      data-testid="run-vocab-notice"
      data-state={fetching?.state ?? 'idle'}
    >
      <p>{t('runVocabIds', { model: modelId })}</p>
      <p>
        <button
          type="button"
          data-testid="run-vocab-download"
          title={t('runVocabFetchHelp')}
          aria-disabled={loading}
          onClick={() => {
            if (!loading) void fetchRunVocabulary(modelId);
          }}
        >
          {t('runVocabFetch')}
        </button>{' '}
        {loading && <span className="muted">{t('runVocabLoading')}</span>}
        {fetching?.state === 'failed' && (
          <span role="alert" data-testid="run-vocab-failed">
            {t('runVocabFailed', { message: fetching.message ?? '' })}
          </span>
        )}
      </p>
    </div>
  );
}
