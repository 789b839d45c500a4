/**
 * The app's state in one zustand store made of slices: settings (what the user chose), model
 * (what the worker has loaded), run (the steps of the current generation) and the visible error.
 * Only src/store/actions.ts and the worker client change it.
 */
import { create } from 'zustand';
import type { GenerationConfig, StepRecord, StopReason } from '../engine/generation';
import type { ModelShape } from '../engine/modelShape';
import { DEFAULT_SAMPLING, type SamplingParams } from '../engine/sampling';
import type {
  AdapterReport,
  Backend,
  ErrorCode,
  ExecutionPreference,
  LoadPhase,
} from '../worker/protocol';
import type { Language } from './urlParams';

export interface Settings {
  modelId: string;
  prompt: string;
  steps: number;
  sampling: SamplingParams;
  ep: ExecutionPreference;
  lang: Language;
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
  backendNote: string;
  shape: ModelShape | null;
  progress: LoadProgress | null;
  loadMs: number | null;
  fromCache: boolean;
}

export type RunStatus = 'idle' | 'prefilling' | 'generating' | 'paused' | 'done';

export interface RunState {
  status: RunStatus;
  /** Id of the worker request whose events update this run. */
  requestId: number | null;
  modelId: string | null;
  promptIds: number[];
  config: GenerationConfig | null;
  steps: StepRecord[];
  stopReason: StopReason | null;
  prefillMs: number | null;
  /** The step shown in detail; null follows the newest step. */
  selectedStep: number | null;
}

export interface AppError {
  code: ErrorCode | 'worker_crashed';
  message: string;
}

export interface AppState {
  settings: Settings;
  model: ModelState;
  run: RunState;
  error: AppError | null;
  /** Things the user should know that are not errors (ignored URL parameters, fallbacks). */
  notices: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  modelId: 'tiny-gpt2',
  prompt: 'Once upon a time',
  steps: 20,
  sampling: DEFAULT_SAMPLING,
  ep: 'auto',
  lang: 'en',
};

export const EMPTY_MODEL: ModelState = {
  status: 'none',
  id: null,
  ep: null,
  backend: null,
  threads: 0,
  adapter: null,
  backendNote: '',
  shape: null,
  progress: null,
  loadMs: null,
  fromCache: false,
};

export const EMPTY_RUN: RunState = {
  status: 'idle',
  requestId: null,
  modelId: null,
  promptIds: [],
  config: null,
  steps: [],
  stopReason: null,
  prefillMs: null,
  selectedStep: null,
};

export const initialState = (): AppState => ({
  settings: DEFAULT_SETTINGS,
  model: EMPTY_MODEL,
  run: EMPTY_RUN,
  error: null,
  notices: [],
});

export const useAppStore = create<AppState>()(() => initialState());

/** The single word the page reports in `app-status[data-state]`. */
export type AppStatus = 'idle' | 'loading' | 'ready' | 'generating' | 'paused' | 'done' | 'error';

export function appStatus(state: AppState): AppStatus {
  if (state.error) return 'error';
  if (state.model.status === 'loading') return 'loading';
  const run = state.run.status;
  if (run === 'prefilling' || run === 'generating') return 'generating';
  if (run === 'paused') return 'paused';
  if (run === 'done') return 'done';
  if (state.model.status === 'ready') return 'ready';
  return 'idle';
}
