import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import {
  checkDraftId,
  checkedFor,
  chooseCheckedDraft,
  typeDraftId,
  useDraftCheckStore,
  type DraftCheckResult,
} from '../../store/draftCheck';
import { mb, millions, refusalText } from '../setup/modelCheckText';

function DraftCheckAnswer(props: { result: DraftCheckResult; targetVocab: number | null }) {
  const t = useT();
  const { result } = props;
  if (result.state === 'ok') {
    const { model } = result;
    const size = mb(model.chosen.bytes + model.extraBytes);
    return (
      <div
        className="strat-note"
        data-testid="draft-hub-check"
        data-state="ok"
        data-model-id={result.modelId}
        data-bytes={model.chosen.bytes + model.extraBytes}
      >
        <span>
          {t(props.targetVocab === null ? 'draftHubOkUnknown' : 'draftHubOk', {
            repo: model.repo,
            params: millions(model.parameters),
            vocab: model.shape.vocab,
          })}
        </span>{' '}
        <button type="button" data-testid="draft-hub-use" onClick={() => chooseCheckedDraft()}>
          {t('draftHubUse', { size })}
        </button>
      </div>
    );
  }
  const reason = result.state === 'misfit' ? 'vocabulary' : result.refusal.kind;
  return (
    <p
      className="strat-note"
      role="alert"
      data-testid="draft-hub-check"
      data-state="refused"
      data-reason={reason}
    >
      {result.state === 'misfit'
        ? t('draftHubMisfit', { repo: result.repo, vocab: result.vocab, target: result.target })
        : refusalText(t, result.repo, result.refusal)}
    </p>
  );
}

/**
 * A draft model typed as a Hugging Face id, for a model with no usual draft (a Llama-family
 * model, say): checked first (size, vocabulary, files), chosen on the offer's button, downloaded
 * when speculative decoding runs.
 */
export function DraftHubField() {
  const t = useT();
  const state = useDraftCheckStore();
  const { text, checking, result, target } = state;
  // An answer checked against another model than the chosen one is not shown (nor offered).
  const modelId = useAppStore((s) => s.settings.modelId);
  const current = checkedFor(state, modelId);
  const check = (): void => void checkDraftId(text);
  return (
    <div className="draft-hub">
      <div className="field-row">
        <label className="field">
          <span>{t('draftHubLabel')}</span>
          <input
            data-testid="draft-hub-input"
            value={text}
            placeholder="HuggingFaceTB/SmolLM2-135M-Instruct"
            spellCheck={false}
            autoCapitalize="off"
            onChange={(e) => typeDraftId(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                check();
              }
            }}
          />
        </label>
        <button
          type="button"
          data-testid="draft-hub-check-button"
          disabled={checking || text.trim() === ''}
          onClick={check}
        >
          {t('modelCheckButton')}
        </button>
      </div>
      {checking && (
        <p
          className="strat-note"
          data-testid="draft-hub-check"
          data-state="checking"
          aria-live="polite"
        >
          {t('modelChecking', { repo: text.trim() })}
        </p>
      )}
      {!checking && result && current && (
        <DraftCheckAnswer result={result} targetVocab={target?.vocab ?? null} />
      )}
    </div>
  );
}
