import { useId } from 'react';
import { STRATEGIES } from '../../engine/limits';
import type { SamplingParams } from '../../engine/sampling';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import type { NumberSetting } from '../../store/settingsCheck';
import { setSampling } from '../../store/viewActions';
import { NumberField } from './NumberField';
import { NUMBER_FIELDS } from './settingFields';

export function StrategySelect() {
  const t = useT();
  const strategy = useAppStore((s) => s.settings.sampling.strategy);
  return (
    <label className="field">
      <span>{t('strategy')}</span>
      <select
        data-testid="strategy-select"
        value={strategy}
        onChange={(e) => {
          const chosen = e.currentTarget.value;
          setSampling({ strategy: STRATEGIES.find((s) => s === chosen) ?? 'greedy' });
        }}
      >
        <option value="greedy">{t('greedy')}</option>
        <option value="sample">{t('sample')}</option>
      </select>
    </label>
  );
}

type SamplingNumber = Exclude<NumberSetting, 'steps'>;

/**
 * Temperature, seed, top-k, top-p and min-p: used by sampling only, so greyed out for greedy, with a
 * line saying why — unless a value is out of range, which stays editable so that it can be fixed.
 */
export function SamplingFields(props: { problems: readonly NumberSetting[] }) {
  const t = useT();
  const whyId = useId();
  const sampling = useAppStore((s) => s.settings.sampling);
  const sampled = sampling.strategy === 'sample';
  const field = (name: SamplingNumber) => {
    const invalid = props.problems.includes(name);
    return (
      <NumberField
        spec={NUMBER_FIELDS[name]}
        value={sampling[name] ?? NUMBER_FIELDS[name].limit.default ?? 0}
        invalid={invalid}
        disabled={!sampled && !invalid}
        describedBy={sampled ? undefined : whyId}
        onChange={(value) => setSampling({ [name]: value } satisfies Partial<SamplingParams>)}
      />
    );
  };
  return (
    <>
      {!sampled && (
        <p className="field-hint" id={whyId} data-testid="sampling-only-hint">
          {t('samplingOnly')}
        </p>
      )}
      <div className="field-row">
        {field('temperature')}
        {field('seed')}
      </div>
      {sampled && sampling.temperature === 0 && (
        <p className="field-hint" data-testid="greedy-hint">
          {t('greedyAtZero')}
        </p>
      )}
      <div className="field-row">
        {field('topK')}
        {field('topP')}
      </div>
      <div className="field-row">{field('minP')}</div>
    </>
  );
}
