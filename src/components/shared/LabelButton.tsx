import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';

/** A plain button whose text is one translated message: the panels' simple actions. */
export function LabelButton(props: {
  testId: string;
  label: MessageKey;
  disabled: boolean;
  onClick: () => void;
}) {
  const t = useT();
  return (
    <button
      type="button"
      data-testid={props.testId}
      disabled={props.disabled}
      onClick={() => props.onClick()}
    >
      {t(props.label)}
    </button>
  );
}
