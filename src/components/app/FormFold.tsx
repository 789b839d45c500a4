import { useT } from '../../i18n';
import { SETTINGS_FIELDS_ID, setFormFolded, useFormFold } from '../../store/formFold';
import './FormFold.css';

/** On a phone: the button that shows the settings fields again, or hides them (formFold.ts). */
export function FormFold() {
  const t = useT();
  const folded = useFormFold((s) => s.folded);
  return (
    <button
      type="button"
      className="form-fold"
      data-testid="settings-fold"
      aria-expanded={!folded}
      aria-controls={SETTINGS_FIELDS_ID}
      onClick={() => setFormFolded(!folded)}
    >
      {folded ? t('formShow') : t('formHide')}
    </button>
  );
}

/** The side column's class: folded hides the form on narrow screens only (FormFold.css). */
export const useSideClass = (): string =>
  useFormFold((s) => (s.folded ? 'app-side app-side-folded' : 'app-side'));
