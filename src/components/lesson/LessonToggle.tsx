import { useT } from '../../i18n';
import { setLessonOpen, useLessonStore } from '../../store/lessonStore';

/** The header's button that opens and closes the lesson (at the chapter it was left on). */
export function LessonToggle() {
  const t = useT();
  const open = useLessonStore((s) => s.open);
  return (
    <button
      type="button"
      className="lesson-toggle"
      data-testid="lesson-toggle"
      aria-pressed={open}
      title={t('lessonToggleHelp')}
      onClick={() => setLessonOpen(!open)}
    >
      {t('lessonToggle')}
    </button>
  );
}
