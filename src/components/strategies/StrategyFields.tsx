import { useId } from 'react';
import { LIMITS } from '../../engine/limits';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import { draftOffer } from '../../engine/strategies/draftModels';
import { useAppStore } from '../../store/appStore';
import {
  chooseStrategy,
  setDraft,
  setLookup,
  setStrategyNumber,
  strategyProblems,
  USED,
  useStrategyStore,
  type StrategyChoice,
  type StrategyNumber,
} from '../../store/strategyStore';
import { pickDraft, targetVocab } from '../../store/speculativeDraft';
import { NumberField } from '../setup/NumberField';
import type { NumberFieldSpec } from '../setup/settingFields';
import { DraftHubField } from './DraftHubField';
import { SpeculativeSamplingNote } from './SpeculativeSamplingNote';

const CHOICES: { value: StrategyChoice; label: MessageKey }[] = [
  { value: 'chain', label: 'decodingChain' },
  { value: 'beam', label: 'decodingBeam' },
  { value: 'jacobi', label: 'decodingJacobi' },
  { value: 'speculative', label: 'decodingSpeculative' },
];

const FIELDS: Record<StrategyNumber, NumberFieldSpec> = {
  beams: { label: 'beamsLabel', testId: 'beams-input', step: 1, limit: LIMITS.beams },
  lengthPenalty: {
    label: 'lengthPenaltyLabel',
    testId: 'length-penalty-input',
    step: 0.1,
    limit: LIMITS.lengthPenalty,
  },
  window: { label: 'windowLabel', testId: 'window-input', step: 1, limit: LIMITS.window },
  k: { label: 'kLabel', testId: 'k-input', step: 1, limit: LIMITS.k },
};

/**
 * Speculative decoding's draft model: the loaded model's usual one (empty value), or one of the
 * drafts offered, or the one the URL named. Only drafts with the model's vocabulary are offered
 * (its loaded shape's, else what the catalogue knows; draftOffer): a named draft that does not
 * fit stays shown, with why it will not run. A model with no known draft gets none (never GPT-2's
 * by default): the note asks for one, naming this field, and Run waits (pickDraft).
 */
function DraftSelect(props: { value: string }) {
  const t = useT();
  const noteId = useId();
  const modelId = useAppStore((s) => s.settings.modelId);
  const vocab = useAppStore((s) => targetVocab(s, modelId));
  const { usual, options, noneFits } = draftOffer(modelId, vocab, props.value);
  // What a run would use (pickDraft): never a draft of another vocabulary, never a guess.
  const pick = pickDraft(props.value, modelId, vocab);
  return (
    <label className="field">
      <span>{t('draftLabel')}</span>
      <select
        data-testid="draft-select"
        value={props.value}
        aria-describedby={pick.kind === 'draft' ? undefined : noteId}
        aria-invalid={pick.kind === 'draft' ? undefined : true}
        onChange={(e) => setDraft(e.currentTarget.value)}
      >
        <option value="">{usual ? t('draftDefault', { id: usual }) : t('draftNone')}</option>
        {options.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
      {pick.kind === 'none_known' && (
        <span className="strat-note" id={noteId} data-testid="draft-missing">
          {noneFits && vocab !== null
            ? t('specNoDraftFits', { vocab })
            : t('specDraftNoneKnown', { model: modelId, field: t('draftLabel') })}
        </span>
      )}
      {pick.kind === 'misfit' && (
        <span className="strat-note" id={noteId} data-testid="draft-misfit">
          {t('specDraftMisfit', { id: pick.id, vocab: pick.vocab })}
        </span>
      )}
    </label>
  );
}

/**
 * The settings form's choice of decoding: one token per step (the usual run, greedy or sampled),
 * beam search, Jacobi or speculative decoding, with the chosen one's settings.
 */
export function StrategyFields() {
  const t = useT();
  const state = useStrategyStore();
  const problems = strategyProblems(state);
  const shown = USED[state.choice];
  return (
    <div className="strategy-fields" data-testid="strategy-fields">
      <label className="field">
        <span>{t('decodingLabel')}</span>
        <select
          data-testid="decoding-select"
          value={state.choice}
          onChange={(e) => {
            const chosen = CHOICES.find((c) => c.value === e.currentTarget.value);
            if (chosen) chooseStrategy(chosen.value);
          }}
        >
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {t(c.label)}
            </option>
          ))}
        </select>
      </label>
      {state.choice === 'jacobi' && (
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="jacobi-lookup"
            checked={state.lookup}
            onChange={(e) => setLookup(e.currentTarget.checked)}
          />
          <span>{t('jacobiLookupLabel')}</span>
        </label>
      )}
      {state.choice === 'speculative' && <DraftSelect value={state.draft} />}
      {state.choice === 'speculative' && <DraftHubField />}
      {state.choice === 'speculative' && <SpeculativeSamplingNote />}
      {shown.length > 0 && (
        <div className="field-row">
          {shown.map((name) => (
            <NumberField
              key={name}
              spec={FIELDS[name]}
              value={state[name]}
              invalid={problems.includes(name)}
              onChange={(value) => setStrategyNumber(name, value)}
            />
          ))}
        </div>
      )}
    </div>
  );
}
