/**
 * Reading saved state back after a reload. Saved data may come from an older app version or be
 * damaged: each saved run passes the same checks as an imported file, and whatever fails is set
 * aside with a notice instead of breaking the page.
 */
import { message } from '../i18n/message';
import type { AppState, PersistedState } from './stateTypes';
import type { Run } from './run';
import { readSavedRun } from './runFileParse';
import { fitsSetting } from './settingsCheck';

/**
 * A saved run, re-checked as it is stored (no rounding, no detour through a file); null when it
 * is not a run this version can show.
 */
export function checkSavedRun(saved: unknown): Run | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const own = (key: string): unknown =>
    Object.hasOwn(saved, key) ? Reflect.get(saved, key) : undefined;
  const id = own('id');
  const createdAt = own('createdAt');
  const read = readSavedRun(saved);
  if (!read.ok || typeof id !== 'string') return null;
  // Identity and provenance are the saved run's own, not an import's.
  return {
    ...read.value,
    id,
    createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : Date.now(),
    imported: own('imported') === true,
  };
}

/**
 * Saved values that fit their setting (within the table of limits, or of the default's type where
 * the table says nothing); a damaged or out-of-range field falls back on its default.
 */
function sameTypes<T extends object>(defaults: T, saved: unknown): T {
  if (typeof saved !== 'object' || saved === null) return defaults;
  const result = { ...defaults };
  for (const [key, fallback] of Object.entries(defaults)) {
    const value: unknown = Object.hasOwn(saved, key) ? Reflect.get(saved, key) : undefined;
    if (value !== undefined && fitsSetting(key, value, fallback)) {
      Object.assign(result, { [key]: value });
    }
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
