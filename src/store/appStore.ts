/**
 * The app's state in one zustand store made of slices: settings (what the user chose), model
 * (what the worker holds), runs (the user's recorded generations), live (the request the worker
 * is working on), playback (which step is shown, and the Play timer) and messages. Only the
 * action modules in src/store change it.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { LIMITS } from '../engine/limits';
import type { StepRecord } from '../engine/generation';
import type { ModelShape } from '../engine/modelShape';
import { DEFAULT_SAMPLING, type SamplingParams } from '../engine/sampling';
import type { Message } from '../i18n/message';
import type {
  AdapterReport,
  Backend,
  ErrorCode,
  ExecutionPreference,
  LoadPhase,
} from '../worker/protocol';
import { createCoalescingIdbStorage } from './persistence';
import { restoreState } from './restore';
import type { Run } from './run';
import type { Language } from './urlParams';

export interface Settings {
  modelId: string;
  prompt: string;
  steps: number;
  sampling: SamplingParams;
  ep: ExecutionPreference;
  lang: Language;
  /** Play speed in steps per second. */
  speed: number;
  /** A prompt longer than the context keeps its most recent tokens instead of being refused. */
  keepRecent: boolean;
}

export interface LoadProgress {
  phase: LoadPhase;
  file?: string;
  loaded: number;
  total: number | null;
  fromCache?: boolean;
}

export interface ModelState {
  status: 'none' | 'loading' | 'ready' | 'error';
  /** The model and preference the worker holds (or is loading). */
  id: string | null;
  ep: ExecutionPreference | null;
  backend: Backend | null;
  threads: number;
  adapter: AdapterReport | null;
  backendNote: Message | null;
  shape: ModelShape | null;
  progress: LoadProgress | null;
  loadMs: number | null;
  fromCache: boolean;
}

export interface LiveState {
  /** The run the worker's generation belongs to (it can continue it with a `step`). */
  runId: string | null;
  /** The request whose events update that run. */
  requestId: number | null;
  /** Whether the worker is computing for it now. */
  busy: boolean;
}

export interface PlaybackState {
  /** The step shown in detail; null follows the newest step. */
  step: number | null;
  playing: boolean;
}

export interface AppError {
  code: ErrorCode | 'worker_crashed';
  /** What happened, as a dictionary message (rendered in the current language). */
  message: Message;
  /** The worker's or the runtime's own words (file names, HTTP status), shown as they are. */
  detail?: string;
}

export interface AppState {
  settings: Settings;
  model: ModelState;
  /** Oldest first. */
  runs: Run[];
  activeRunId: string | null;
  /** A second run shown under the active one, with the first divergent step marked. */
  compareRunId: string | null;
  live: LiveState;
  playback: PlaybackState;
  error: AppError | null;
  /** Things the user should know that are not errors (ignored URL parameters, fallbacks). */
  notices: Message[];
  /** Models usable without a download (see modelAvailability.ts). */
  availability: { ready: string[]; checked: boolean };
}

export const DEFAULT_SETTINGS: Settings = {
  modelId: 'tiny-gpt2',
  prompt: 'Once upon a time',
  steps: LIMITS.steps.default,
  sampling: DEFAULT_SAMPLING,
  ep: 'auto',
  lang: 'en',
  speed: LIMITS.speed.default,
  keepRecent: false,
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

/** What survives a reload: the user's choices and runs, not what the worker held. */
export type PersistedState = Pick<AppState, 'settings' | 'runs' | 'activeRunId' | 'compareRunId'>;

export const PERSIST_KEY = 'stepwise-state';
export const PERSIST_VERSION = 1;

export const useAppStore = create<AppState>()(
  persist(() => initialState(), {
    name: PERSIST_KEY,
    version: PERSIST_VERSION,
    storage: createCoalescingIdbStorage<PersistedState>(),
    partialize: (s): PersistedState => ({
      settings: s.settings,
      runs: s.runs,
      activeRunId: s.activeRunId,
      compareRunId: s.compareRunId,
    }),
    merge: (saved, current) => restoreState(saved, current),
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

/** The step number shown in detail (1-based), or null when the run has no steps. */
export function shownStep(s: AppState): number | null {
  const count = activeSteps(s).length;
  if (count === 0) return null;
  if (s.playback.step === null) return count;
  return Math.min(Math.max(s.playback.step, 1), count);
}

export const selectedStep = (s: AppState): StepRecord | null => {
  const n = shownStep(s);
  return n === null ? null : activeSteps(s)[n - 1];
};

/** The single word the page reports in `app-status[data-state]`. */
export type AppStatus = 'idle' | 'loading' | 'ready' | 'generating' | 'paused' | 'done' | 'error';

/** The model is generating the active run now. */
export const generatingActive = (s: AppState): boolean =>
  s.activeRunId !== null && s.live.busy && s.live.runId === s.activeRunId;

export function appStatus(state: AppState): AppStatus {
  if (state.error) return 'error';
  if (state.model.status === 'loading') return 'loading';
  const run = activeRun(state);
  if (run && generatingActive(state)) return 'generating';
  if (run?.stopReason) return 'done';
  if (run && run.steps.length > 0) return 'paused';
  if (state.model.status === 'ready') return 'ready';
  return 'idle';
}
