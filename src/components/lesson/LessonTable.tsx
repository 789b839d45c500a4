import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { findLessonRun } from '../../store/lessonScenes';
import { useStrategyStore, type StrategyState } from '../../store/strategyStore';

/** The lesson run's length on the chosen model, or null before chapter 1 made it. */
const lessonTokens = (s: ReturnType<typeof useAppStore.getState>): number | null =>
  findLessonRun(s.runs, s.settings.modelId)?.steps.length ?? null;

/**
 * The last Jacobi or speculative run's counts once it finished (its tokens, model passes,
 * greedy decoding's passes, and the draft's passes): as one string, so that the selector's answer
 * compares equal while they stay the same (a new array every time would re-render the table on
 * every store change).
 */
function strategyCounts(s: StrategyState): string | null {
  const outcome = s.run?.outcome;
  if (!outcome || !('tokens' in outcome) || !outcome.greedy) return null;
  const counts = [outcome.tokens.length, outcome.modelPasses, outcome.greedy.modelPasses];
  const draft = outcome.strategy === 'speculative' ? outcome.draftPasses : '';
  return [outcome.strategy, ...counts, draft].join(',');
}

/** The table's line for the last strategy run, or an empty one before any. */
function strategyLine(t: ReturnType<typeof useT>, counts: string | null): string {
  if (counts === null) return '';
  const [strategy, tokens, passes, greedy, draft] = counts.split(',');
  return strategy === 'speculative'
    ? t('lessonRowArSpec', { tokens, passes, greedy, draft })
    : t('lessonRowArJacobi', { tokens, passes, greedy });
}

/**
 * Chapter 8: the article's comparison table, with a column of what the student saw on this page:
 * the lesson run's tokens and steps, and the last Jacobi or speculative run's passes, when made.
 */
export function LessonTable() {
  const t = useT();
  const tokens = useAppStore(lessonTokens);
  const counts = useStrategyStore(strategyCounts);
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
