import { useId, useMemo } from 'react';
import type { StepRecord } from '../../engine/generation';
import { useT } from '../../i18n';
import { buildChartData, summarise } from './chartData';
import { format, type Kind } from './chartOptions';
import { MiniChart } from './MiniChart';
import './RunCharts.css';

export interface RunChartsProps {
  steps: StepRecord[];
  selectedStep: number | null;
  onSelect: (step: number) => void;
}

/**
 * Three small charts over the whole run, one point per step: how sure the model was of the token
 * it took, how spread its distribution was, and how long each step's model run took. The steady
 * beat of the last one is the serial loop: one model run per token, never two at once.
 */
export function RunCharts(props: RunChartsProps) {
  const { steps, selectedStep, onSelect } = props;
  const t = useT();
  const sync = useId();
  const data = useMemo(() => buildChartData(steps), [steps]);
  const summary = useMemo(() => summarise(data), [data]);
  const n = summary.count;
  const count = n === 1 ? t('stepsOne') : t('stepsMany', { n });
  const show = (kind: Kind, v: number | null): string => (v === null ? '—' : format[kind](v));
  const medians = {
    prob: show('prob', summary.medianProb),
    entropy: show('entropy', summary.medianEntropy),
    ms: show('ms', summary.medianDecodeMs),
  };
  const common = { data, selected: selectedStep, onSelect, sync };
  return (
    <section className="panel run-charts" data-testid="run-charts" aria-label={t('chartsTitle')}>
      <h2>
        {t('chartsTitle')} <small>{n > 0 ? t('chartsHint') : t('chartsEmpty')}</small>
      </h2>
      <div className="rc-grid">
        <MiniChart
          {...common}
          kind="prob"
          title={t('chartProb')}
          median={medians.prob}
          label={t('chartProbAria', { steps: count, median: medians.prob })}
        />
        <MiniChart
          {...common}
          kind="entropy"
          title={t('chartEntropy')}
          median={medians.entropy}
          label={t('chartEntropyAria', { steps: count, median: medians.entropy })}
        />
        <MiniChart
          {...common}
          kind="ms"
          title={t('chartMs')}
          median={medians.ms}
          label={t('chartMsAria', {
            steps: count,
            median: medians.ms,
            prefill: show('ms', data.prefillMs),
          })}
          note={n > 0 ? t('chartPrefill', { n: data.x[0] }) : undefined}
        />
      </div>
    </section>
  );
}
