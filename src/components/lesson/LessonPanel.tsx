import { Fragment, useId, useMemo } from 'react';
import { modelFromId } from '../../engine/modelCatalog';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { useChatStore } from '../../store/chatPrompt';
import { lessonCounts } from '../../store/lessonPrompt';
import { showMe, showMeBlocked } from '../../store/lessonActions';
import { CHAPTER_COUNT, sceneFor } from '../../store/lessonScenes';
import {
  goToChapter,
  nextChapter,
  previousChapter,
  restoreSettings,
  revealAnswer,
  setLessonOpen,
  useLessonStore,
} from '../../store/lessonStore';
import { useStrategyStore } from '../../store/strategyStore';
import { useVocabulary } from '../../store/vocabularies';
import { ArToy } from './ArToy';
import { CHAPTER_TEXT, modelNote } from './chapterText';
import { LessonTable } from './LessonTable';
import './Lesson.css';

/** The model computes, loads, or runs a strategy: "Show me" waits (and says so). */
function useBusy(): boolean {
  const app = useAppStore((s) => s.live.busy || s.model.status === 'loading');
  const strategy = useStrategyStore((s) => s.run?.status === 'running');
  return app || strategy;
}

/**
 * The lesson: the source article's argument in chapters. Each has a short text, "Show me" (the
 * app's state that makes the point, with the loaded model), a question answered by using the page,
 * its answer on request, and what changes with the real GPT-2 while tiny-gpt2 is chosen.
 */
export function LessonPanel() {
  const t = useT();
  const open = useLessonStore((s) => s.open);
  const chapter = useLessonStore((s) => s.chapter);
  const revealed = useLessonStore((s) => s.revealed);
  const holding = useLessonStore((s) => s.held !== null);
  const modelId = useAppStore((s) => s.settings.modelId);
  const chosenDraft = useStrategyStore((s) => s.draft);
  const note = modelNote(modelFromId(modelId));
  // A model with its own tokenizer reads the lesson's prompt as another number of tokens: its
  // answers are counted for it (null for GPT-2's vocabulary, whose counts the text names).
  const vocab = useVocabulary(modelId);
  const chat = useChatStore((s) => s.chat);
  const counts = useMemo(() => lessonCounts(vocab, chat), [vocab, chat]);
  const busy = useBusy();
  const baseId = useId();
  if (!open) return null;
  const text = CHAPTER_TEXT[chapter - 1];
  const answerId = `${baseId}-answer`;
  return (
    <section
      className="panel lesson-panel"
      data-testid="lesson-panel"
      data-chapter={chapter}
      aria-labelledby={`${baseId}-title`}
    >
      <header className="lesson-head">
        <p className="lesson-of">
          {t('lessonTitle')} · {t('lessonChapterOf', { n: chapter, total: CHAPTER_COUNT })}
        </p>
        <button type="button" className="lesson-close" onClick={() => setLessonOpen(false)}>
          {t('lessonClose')}
        </button>
      </header>
      <nav aria-label={t('lessonChapters')}>
        <ol className="lesson-chapters">
          {CHAPTER_TEXT.map((c, i) => (
            <li key={c.title}>
              <button
                type="button"
                data-testid="lesson-chapter-button"
                data-chapter={i + 1}
                aria-current={i + 1 === chapter ? 'step' : undefined}
                aria-label={t('lessonGoTo', { n: i + 1, title: t(c.title) })}
                title={t(c.title)}
                onClick={() => goToChapter(i + 1)}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <h2 id={`${baseId}-title`}>{t(text.title)}</h2>
      <p className="lesson-text">{t(text.text)}</p>
      <p className="lesson-actions">
        {(text.showMe ?? ['lessonShowMe' as const]).map((label, index) => {
          // A scene the chosen model cannot show (speculative decoding without a draft) says why.
          const blocked = showMeBlocked(chapter, index, modelId, chosenDraft);
          const reasonId = `${baseId}-blocked-${index}`;
          return (
            <Fragment key={label}>
              <button
                type="button"
                className={index === 0 ? 'primary' : undefined}
                // The chapter's own scene is `lesson-show-me`; a further one `lesson-show-me-also`.
                data-testid={index === 0 ? 'lesson-show-me' : 'lesson-show-me-also'}
                data-view={sceneFor(chapter, index).view}
                aria-disabled={busy || blocked !== null}
                aria-describedby={blocked ? reasonId : undefined}
                title={t('lessonShowMeHelp')}
                onClick={() => {
                  if (!busy && !blocked) void showMe(chapter, index);
                }}
              >
                {t(label)}
              </button>
              {blocked && (
                <span id={reasonId} className="muted" data-testid="lesson-show-me-blocked">
                  {t(blocked)}
                </span>
              )}
            </Fragment>
          );
        })}
        {busy && (
          <span className="muted" role="status">
            {t('lessonShowMeBusy')}
          </span>
        )}
      </p>
      {holding && (
        <p className="lesson-restore">
          <button
            type="button"
            data-testid="lesson-restore-settings"
            title={t('lessonRestoreSettingsHelp')}
            onClick={restoreSettings}
          >
            {t('lessonRestoreSettings')}
          </button>
        </p>
      )}
      {chapter === 5 && <ArToy />}
      {chapter === 8 && <LessonTable />}
      <div className="lesson-question">
        <h3>{t('lessonQuestion')}</h3>
        <p>{t(text.question)}</p>
        <button
          type="button"
          data-testid="lesson-answer-toggle"
          aria-expanded={revealed}
          aria-controls={answerId}
          onClick={() => revealAnswer(!revealed)}
        >
          {revealed ? t('lessonHideAnswer') : t('lessonShowAnswer')}
        </button>
        <p id={answerId} className="lesson-answer" data-testid="lesson-answer" hidden={!revealed}>
          {counts && text.answerOwn ? t(text.answerOwn, counts.values) : t(text.answer)}
        </p>
      </div>
      {counts && (
        <p
          className="lesson-note"
          data-testid="lesson-vocab-note"
          data-prompt-tokens={counts.prompt}
        >
          {t(counts.chat ? 'lessonOwnChatNote' : 'lessonOwnVocabNote', { n: counts.prompt })}
        </p>
      )}
      {note === 'tiny' && (
        <p className="lesson-note" data-testid="lesson-tiny-note">
          {t('lessonTinyNote', { note: t(text.gpt2) })}
        </p>
      )}
      {note === 'random' && (
        <p className="lesson-note" data-testid="lesson-model-note">
          {t('lessonRandomNote')}
        </p>
      )}
      <footer className="lesson-nav">
        <button
          type="button"
          data-testid="lesson-prev"
          aria-disabled={chapter <= 1}
          onClick={previousChapter}
        >
          ← {t('lessonPrev')}
        </button>
        <button
          type="button"
          data-testid="lesson-next"
          aria-disabled={chapter >= CHAPTER_COUNT}
          onClick={nextChapter}
        >
          {t('lessonNext')} →
        </button>
      </footer>
    </section>
  );
}
