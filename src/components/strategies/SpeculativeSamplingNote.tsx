import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { speculativeSampling, unappliedCutoffs } from '../../store/speculativeSampling';

/** How each cut-off the rule does not apply is named, with its value (same in both languages). */
const CUTOFF_TEXT = {
  topK: (v: number) => `top-k = ${v}`,
  topP: (v: number) => `top-p = ${v}`,
  minP: (v: number) => `min-p = ${v}`,
} as const;

/**
 * Under the draft choice: whether speculative decoding will run greedily or sample, read from the
 * form's own sampling settings (the same fields as the chain's run), and, when sampling, the
 * form's top-k, top-p and min-p that the acceptance rule does not apply, named.
 */
export function SpeculativeSamplingNote() {
  const t = useT();
  const form = useAppStore((s) => s.settings.sampling);
  const sampling = speculativeSampling(form);
  const field = t('strategy');
  if (!sampling) {
    return (
      <p className="field-hint" data-testid="spec-form-sampling" data-sampled="false">
        {t('specFormGreedy', { field })}
      </p>
    );
  }
  const cutoffs = unappliedCutoffs(form);
  return (
    <>
      <p
        className="field-hint"
        data-testid="spec-form-sampling"
        data-sampled="true"
        data-temperature={sampling.temperature}
        data-seed={sampling.seed}
      >
        {t('specFormSampled', { temperature: sampling.temperature, seed: sampling.seed })}
      </p>
      {cutoffs.length > 0 && (
        <p
          className="strat-note"
          role="note"
          data-testid="spec-cutoffs-unused"
          data-cutoffs={cutoffs.join(',')}
        >
          {t('specCutoffsUnapplied', {
            cutoffs: cutoffs.map((name) => CUTOFF_TEXT[name](form[name] ?? 0)).join(', '),
          })}
        </p>
      )}
    </>
  );
}
