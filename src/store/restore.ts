/**
 * Reading saved state back after a reload. Saved data may come from an older app version or be
 * damaged: each saved run passes the same checks as an imported file, and whatever fails is set
 * aside with a notice instead of breaking the page.
 */
import { message } from '../i18n/message';
import type { AppState, PersistedState } from './appStore';
import type { Run } from './run';
import { exportRun } from './runFile';
import { parseRunFile } from './runFileParse';

/** A saved run, re-checked; null when it is not a run this version can show. */
export function checkSavedRun(saved: unknown): Run | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const candidate = saved as Run;
  try {
    const parsed = parseRunFile(exportRun(candidate, 'saved'));
    if (!parsed.ok || typeof candidate.id !== 'string') return null;
    // Identity and provenance are the saved run's own, not an import's.
    return {
      ...parsed.run,
      id: candidate.id,
      createdAt: Number.isFinite(candidate.createdAt) ? candidate.createdAt : parsed.run.createdAt,
      imported: candidate.imported === true,
    };
  } catch {
    return null;
  }
}

/** Saved values whose type matches the default's; a damaged field falls back on its default. */
function sameTypes<T extends object>(defaults: T, saved: unknown): T {
  if (typeof saved !== 'object' || saved === null) return defaults;
  const result = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = (saved as Partial<T>)[key];
    const fits =
      typeof value === typeof defaults[key] &&
      (typeof value !== 'number' || Number.isFinite(value));
    if (value !== undefined && fits) result[key] = value;
  }
  return result;
}

export function restoreState(saved: unknown, current: AppState): AppState {
  if (typeof saved !== 'object' || saved === null) return current;
  const s = saved as Partial<PersistedState>;
  const savedRuns: unknown[] = Array.isArray(s.runs) ? s.runs : [];
  const runs = savedRuns.map(checkSavedRun).filter((r): r is Run => r !== null);
  const dropped = savedRuns.length - runs.length;
  const settings = {
    ...sameTypes(current.settings, s.settings),
    sampling: sameTypes(current.settings.sampling, s.settings?.sampling),
  };
  const known = (id: unknown): string | null =>
    typeof id === 'string' && runs.some((r) => r.id === id) ? id : null;
  return {
    ...current,
    settings,
    runs,
    activeRunId: known(s.activeRunId),
    compareRunId: known(s.compareRunId),
    notices:
      dropped > 0
        ? [...current.notices, message('noticeRunsSetAside', { n: dropped })]
        : current.notices,
  };
}
