import { useMemo } from 'react';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { useChatStore } from '../../store/chatPrompt';
import { lessonPromptIds } from '../../store/lessonPrompt';
import { findLessonRun } from '../../store/lessonScenes';
import { useStrategyStore, type StrategyState } from '../../store/strategyStore';
import { useVocabulary } from '../../store/vocabularies';

/**
 * The lesson run's length on the chosen model, when it read `lessonIds` (the lesson's prompt as
 * the model reads it now), or null before chapter 1 made it.
 */
export const lessonTokens = (
  s: ReturnType<typeof useAppStore.getState>,
  lessonIds: readonly number[],
): number | null => findLessonRun(s.runs, s.settings.modelId, lessonIds)?.steps.length ?? null;

const sameIds = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The last Jacobi or speculative run's counts once it finished (its tokens, model passes,
 * greedy decoding's passes, the draft's passes, and whether its tokens are greedy decoding's):
 * only a run of the lesson's prompt (`lessonIds`, as the model reads it) on `modelId`, the model
 * chosen now (another prompt or an 8-bit file counts something else). As one string, so that the selector's answer compares equal
 * while they stay the same (a new array every time would re-render the table on every store
 * change).
 */
export function strategyCounts(
  s: StrategyState,
  modelId: string,
  lessonIds: readonly number[],
): string | null {
  const run = s.run;
  const outcome = run?.outcome;
  if (!run || !outcome || !('tokens' in outcome) || !outcome.greedy) return null;
  if (run.modelId !== modelId || !sameIds(run.promptIds, lessonIds)) return null;
  const counts = [outcome.tokens.length, outcome.modelPasses, outcome.greedy.modelPasses];
  const draft = outcome.strategy === 'speculative' ? outcome.draftPasses : '';
  // Checked, not assumed: a file of lower precision can round a close choice the other way.
  const same = sameIds(outcome.tokens, outcome.greedy.tokens) ? 'same' : 'differ';
  return [outcome.strategy, ...counts, draft, same].join(',');
}

/** The table's line for the last strategy run, or an empty one before any. */
export function strategyLine(t: ReturnType<typeof useT>, counts: string | null): string {
  if (counts === null) return '';
  const [strategy, tokens, passes, greedy, draft, same] = counts.split(',');
  const verdict = t(same === 'same' ? 'lessonTokensSame' : 'lessonTokensDiffer');
  return strategy === 'speculative'
    ? t('lessonRowArSpec', { tokens, passes, greedy, draft, verdict })
    : t('lessonRowArJacobi', { tokens, passes, greedy, verdict });
}

/**
 * Chapter 8: the article's comparison table, with a column of what the student saw on this page:
 * the lesson run's tokens and steps, and the last Jacobi or speculative run's passes, when made.
 */
export function LessonTable() {
  const t = useT();
  const modelId = useAppStore((s) => s.settings.modelId);
  // The lesson's prompt as the chosen model reads it: its own tokenizer and chat template.
  const vocab = useVocabulary(modelId);
  const chat = useChatStore((s) => s.chat);
  const lessonIds = useMemo(() => lessonPromptIds(vocab, chat), [vocab, chat]);
  const tokens = useAppStore((s) => lessonTokens(s, lessonIds));
  const counts = useStrategyStore((s) => strategyCounts(s, modelId, lessonIds));
  const rows = [
    {
      type: t('lessonRowAr'),
      history: t('lessonRowArHistory'),
      uses: t('lessonRowArUses'),
      seen: [
        tokens === null
          ? t('lessonRowArSeenNone')
          : t('lessonRowArSeen', { tokens, steps: tokens }),
        strategyLine(t, counts),
      ]
        .filter(Boolean)
        .join(' '),
    },
    {
      type: t('lessonRowNar'),
      history: t('lessonRowNarHistory'),
      uses: t('lessonRowNarUses'),
      seen: t('lessonRowNarSeen'),
    },
    {
      type: t('lessonRowHybrid'),
      history: t('lessonRowHybridHistory'),
      uses: t('lessonRowHybridUses'),
      seen: t('lessonRowHybridSeen'),
    },
  ];
  return (
    <div className="lesson-table-wrap">
      <table className="lesson-table" data-testid="lesson-table">
        <caption>{t('lessonTableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lessonColType')}</th>
            <th scope="col">{t('lessonColHistory')}</th>
            <th scope="col">{t('lessonColUses')}</th>
            <th scope="col">{t('lessonColSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.type}>
              <th scope="row">{row.type}</th>
              <td>{row.history}</td>
              <td>{row.uses}</td>
              <td>{row.seen}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
