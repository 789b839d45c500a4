import { LIMITS } from '../../engine/limits';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import {
  chooseStrategy,
  setLookup,
  setStrategyNumber,
  strategyProblems,
  useStrategyStore,
  type StrategyChoice,
  type StrategyNumber,
} from '../../store/strategyStore';
import { NumberField } from '../setup/NumberField';
import type { NumberFieldSpec } from '../setup/settingFields';

const CHOICES: { value: StrategyChoice; label: MessageKey }[] = [
  { value: 'chain', label: 'decodingChain' },
  { value: 'beam', label: 'decodingBeam' },
  { value: 'jacobi', label: 'decodingJacobi' },
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
};

/**
 * The settings form's choice of decoding: one token per step (the usual run, greedy or sampled),
 * beam search or Jacobi decoding, with the chosen one's settings.
 */
export function StrategyFields() {
  const t = useT();
  const state = useStrategyStore();
  const problems = strategyProblems(state);
  const shown: StrategyNumber[] =
    state.choice === 'beam'
      ? ['beams', 'lengthPenalty']
      : state.choice === 'jacobi'
        ? ['window']
        : [];
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
