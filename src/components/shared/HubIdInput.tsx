import type { ReactNode } from 'react';
import type { HubModelInfo } from '../../engine/hubCheck';
import { useT } from '../../i18n';
import { downloadBytes } from '../setup/modelCheckText';

/** The test ids of one Hub id row: its input and its Check button. */
export interface HubIdTestIds {
  input: string;
  button: string;
}

/**
 * A Hugging Face model id typed in, with its Check button (Enter checks too): the row the model
 * check and the speculative draft's check share. The button waits for a non-empty id and for
 * the check before to end.
 */
export function HubIdInput(props: {
  className: string;
  label: string;
  /** The input's hint on hover. */
  title?: string;
  placeholder: string;
  testIds: HubIdTestIds;
  /** The whole row off (the input and the button). */
  disabled?: boolean;
  text: string;
  /** A check of the id is under way. */
  checking: boolean;
  onType: (text: string) => void;
  onCheck: () => void;
}) {
  const t = useT();
  const { text, onCheck } = props;
  return (
    <div className={props.className}>
      <label className="field">
        <span>{props.label}</span>
        <input
          data-testid={props.testIds.input}
          value={text}
          placeholder={props.placeholder}
          spellCheck={false}
          autoCapitalize="off"
          title={props.title}
          disabled={props.disabled}
          onChange={(e) => props.onType(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              onCheck();
            }
          }}
        />
      </label>
      <button
        type="button"
        data-testid={props.testIds.button}
        disabled={props.disabled || props.checking || text.trim() === ''}
        onClick={onCheck}
      >
        {t('modelCheckButton')}
      </button>
    </div>
  );
}

/**
 * The check's answer elements, the model check's and the draft's alike: the same states and data
 * attributes under each field's own test id (docs/automation.md).
 */
interface AnswerProps {
  className: string;
  testId: string;
}

/** The line shown while a Hub id is checked, in place of its answer. */
export function HubIdChecking(props: AnswerProps & { text: string }) {
  const t = useT();
  return (
    <p
      className={props.className}
      data-testid={props.testId}
      data-state="checking"
      aria-live="polite"
    >
      {t('modelChecking', { repo: props.text.trim() })}
    </p>
  );
}

/** The answer for a model the app can use: its id and its download's bytes, then the offer. */
export function HubIdOk(
  props: AnswerProps & { checked: { modelId: string; model: HubModelInfo }; children: ReactNode },
) {
  const { modelId, model } = props.checked;
  return (
    <div
      className={props.className}
      data-testid={props.testId}
      data-state="ok"
      data-model-id={modelId}
      data-bytes={downloadBytes(model)}
    >
      {props.children}
    </div>
  );
}

/** The answer for a model the app refuses, an alert: `reason` says why in a word. */
export function HubIdRefused(props: AnswerProps & { reason: string; children: ReactNode }) {
  return (
    <p
      className={props.className}
      role="alert"
      data-testid={props.testId}
      data-state="refused"
      data-reason={props.reason}
    >
      {props.children}
    </p>
  );
}
