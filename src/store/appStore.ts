/**
 * The app's state in one zustand store made of slices: settings (what the user chose), model
 * (what the worker holds), runs (the user's recorded generations), live (the request the worker
 * is working on), playback (which step is shown, and the Play timer) and messages (their types:
 * stateTypes.ts). Only the action modules in src/store change it.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { LIMITS } from '../engine/limits';
import type { StepRecord } from '../engine/generation';
import { DEFAULT_SAMPLING } from '../engine/sampling';
import { browserLanguage, languageWasPicked, navigatorLanguages } from '../i18n/browserLanguage';
import { flushWaitingBatches } from './frameBatch';
import { createSavedStateStorage } from './persistence';
import { withRemoteRuns } from './remoteRuns';
import { checkSavedRun, restoreState } from './restore';
import type { Run } from './run';
import type { AppState, ModelState, PersistedState, Settings } from './stateTypes';

export type {
  AppError,
  AppState,
  LiveState,
  LoadProgress,
  ModelState,
  PersistedState,
  PlaybackState,
  Settings,
} from './stateTypes';

export const DEFAULT_SETTINGS: Settings = {
  modelId: 'tiny-gpt2',
  prompt: 'Once upon a time',
  steps: LIMITS.steps.default,
  sampling: DEFAULT_SAMPLING,
  ep: 'auto',
  lang: browserLanguage(navigatorLanguages()),
  langPicked: false,
  speed: LIMITS.speed.default,
  keepRecent: false,
  modelSource: 'hub',
  cache: true,
};

export const EMPTY_MODEL: ModelState = {
  status: 'none',
  id: null,
  ep: null,
  backend: null,
  threads: 0,
  adapter: null,
  backendNote: null,
  shape: null,
  progress: null,
  loadMs: null,
  fromCache: false,
};

export const initialState = (): AppState => ({
  settings: DEFAULT_SETTINGS,
  model: EMPTY_MODEL,
  runs: [],
  activeRunId: null,
  compareRunId: null,
  live: { runId: null, requestId: null, busy: false },
  playback: { step: null, playing: false },
  error: null,
  notices: [],
  availability: { ready: ['tiny-gpt2'], checked: false },
});

export const PERSIST_KEY = 'stepwise-state';
export const PERSIST_VERSION = 1;

/**
 * Saved in IndexedDB, merged with what other tabs save (persistence.ts). Steps still waiting for
 * a frame are applied before the page is hidden or unloaded, so that they are saved too.
 */
const storage = createSavedStateStorage<PersistedState>({
  key: PERSIST_KEY,
  beforeLeave: flushWaitingBatches,
  onRemoteRuns: ({ runs, deleted, order }) => {
    const checked = runs.map(checkSavedRun).filter((r): r is Run => r !== null);
    storage.adopt(checked); // as saved: not written back
    useAppStore.setState((s) => withRemoteRuns(s, { runs: checked, deleted, order }));
  },
});

export const useAppStore = create<AppState>()(
  persist(() => initialState(), {
    name: PERSIST_KEY,
    version: PERSIST_VERSION,
    storage,
    partialize: (s): PersistedState => ({
      settings: s.settings,
      runs: s.runs,
      activeRunId: s.activeRunId,
      compareRunId: s.compareRunId,
    }),
    merge: (saved, current) => {
      const restored = restoreState(saved, current);
      // A language the user never picked follows the browser's, as on a first visit.
      const picked = languageWasPicked(saved);
      const settings = { ...restored.settings, langPicked: picked };
      const state = {
        ...restored,
        settings: picked ? settings : { ...settings, lang: current.settings.lang },
      };
      storage.adopt(state.runs); // what was read back is saved; runs set aside are deleted
      return state;
    },
  }),
);

/** Resolves once saved state (if any) has been read back. */
export function whenRestored(): Promise<void> {
  if (useAppStore.persist.hasHydrated()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = useAppStore.persist.onFinishHydration(() => {
      off();
      resolve();
    });
  });
}

export const activeRun = (s: AppState): Run | null =>
  s.runs.find((r) => r.id === s.activeRunId) ?? null;

export const compareRun = (s: AppState): Run | null =>
  s.compareRunId === s.activeRunId ? null : (s.runs.find((r) => r.id === s.compareRunId) ?? null);

const NO_STEPS: StepRecord[] = [];
export const activeSteps = (s: AppState): StepRecord[] => activeRun(s)?.steps ?? NO_STEPS;

/**
 * The step number shown in detail (1-based; 0 is the prefill, the pass over the prompt), or null
 * when the run has no steps.
 */
export function shownStep(s: AppState): number | null {
  const count = activeSteps(s).length;
  if (count === 0) return null;
  if (s.playback.step === null) return count;
  return Math.min(Math.max(s.playback.step, 0), count);
}

/** The shown step's record; null at the prefill (step 0) and when the run has no steps. */
export const selectedStep = (s: AppState): StepRecord | null => {
  const n = shownStep(s);
  return n === null || n === 0 ? null : activeSteps(s)[n - 1];
};

/** The prefill (step 0) is shown: the run's one parallel pass over its prompt. */
export const prefillShown = (s: AppState): boolean => shownStep(s) === 0;

/**
 * The single word the page reports in `app-status[data-state]`. `paused`: the run can go on
 * (after a Step, or a Stop); `playing`: Play is moving through the run (asking the model for the
 * next token when it reaches the newest one).
 */
export type AppStatus =
  'idle' | 'loading' | 'ready' | 'generating' | 'playing' | 'paused' | 'done' | 'error';

/** The model is generating the active run now. */
export const generatingActive = (s: AppState): boolean =>
  s.activeRunId !== null && s.live.busy && s.live.runId === s.activeRunId;

export function appStatus(state: AppState): AppStatus {
  if (state.error) return 'error';
  if (state.model.status === 'loading') return 'loading';
  const run = activeRun(state);
  if (run && state.playback.playing) return 'playing';
  if (run && generatingActive(state)) return 'generating';
  if (run?.stopReason) return 'done';
  if (run && run.steps.length > 0) return 'paused';
  if (state.model.status === 'ready') return 'ready';
  return 'idle';
}
