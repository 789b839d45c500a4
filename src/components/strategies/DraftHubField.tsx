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
import { downloadBytes, mb, millions, refusalText } from '../setup/modelCheckText';
import { HubIdChecking, HubIdInput, HubIdOk, HubIdRefused } from '../shared/HubIdInput';

function DraftCheckAnswer(props: { result: DraftCheckResult; targetVocab: number | null }) {
  const t = useT();
  const { result } = props;
  if (result.state === 'ok') {
    const { model } = result;
    return (
      <HubIdOk className="strat-note" testId="draft-hub-check" checked={result}>
        <span>
          {t(props.targetVocab === null ? 'draftHubOkUnknown' : 'draftHubOk', {
            repo: model.repo,
            params: millions(model.parameters),
            vocab: model.shape.vocab,
          })}
        </span>{' '}
        <button type="button" data-testid="draft-hub-use" onClick={() => chooseCheckedDraft()}>
          {t('draftHubUse', { size: mb(downloadBytes(model)) })}
        </button>
      </HubIdOk>
    );
  }
  const reason = result.state === 'misfit' ? 'vocabulary' : result.refusal.kind;
  return (
    <HubIdRefused className="strat-note" testId="draft-hub-check" reason={reason}>
      {result.state === 'misfit'
        ? t('draftHubMisfit', { repo: result.repo, vocab: result.vocab, target: result.target })
        : refusalText(t, result.repo, result.refusal)}
    </HubIdRefused>
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
  return (
    <div className="draft-hub">
      <HubIdInput
        className="field-row"
        label={t('draftHubLabel')}
        placeholder="HuggingFaceTB/SmolLM2-135M-Instruct"
        testIds={{ input: 'draft-hub-input', button: 'draft-hub-check-button' }}
        text={text}
        checking={checking}
        onType={typeDraftId}
        onCheck={() => void checkDraftId(text)}
      />
      {checking && <HubIdChecking className="strat-note" testId="draft-hub-check" text={text} />}
      {!checking && result && current && (
        <DraftCheckAnswer result={result} targetVocab={target?.vocab ?? null} />
      )}
    </div>
  );
}
