import { useId, useState } from 'react';
import { useT } from '../../i18n';
import { expectedMessage } from '../../store/settingsCheck';
import { inputBounds, type NumberFieldSpec } from './settingFields';

/** What the input holds as a number: NaN for nothing, or for what is not a number yet ("-"). */
const typedNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
const textOf = (value: number): string => (Number.isFinite(value) ? String(value) : '');

/**
 * A number setting as typed, in range or not: an out-of-range value is kept, marked invalid and
 * explained with the allowed range, never silently replaced.
 */
export function NumberField(props: {
  spec: NumberFieldSpec;
  value: number;
  invalid: boolean;
  disabled?: boolean;
  /** The id of a note about the field (why it is disabled, say). */
  describedBy?: string;
  onChange: (value: number) => void;
}) {
  const { spec, value, invalid } = props;
  const t = useT();
  const problemId = useId();
  const [text, setText] = useState(() => textOf(value));
  // The text as typed while it stands for the stored value ("1.50" for 1.5); a value set elsewhere
  // (a link, a restored state) replaces it.
  const shown = Object.is(typedNumber(text), value) ? text : textOf(value);
  const { min, max } = inputBounds(spec);
  return (
    <div className="number-field">
      <label className="field">
        <span>{t(spec.label)}</span>
        <input
          type="number"
          data-testid={spec.testId}
          value={shown}
          min={min}
          max={max}
          step={spec.step}
          disabled={props.disabled}
          aria-invalid={invalid}
          aria-describedby={invalid ? problemId : props.describedBy}
          onChange={(e) => {
            const typed = e.currentTarget.value;
            setText(typed);
            props.onChange(typedNumber(typed));
          }}
        />
      </label>
      {invalid && (
        <p className="field-problem" id={problemId} data-testid={`${spec.testId}-problem`}>
          {t('settingExpected', { expected: expectedMessage(spec.limit) })}
        </p>
      )}
    </div>
  );
}
