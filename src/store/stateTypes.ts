/**
 * The shape of the app's state, apart from the store that holds it: the store (appStore.ts) and
 * what reads saved state back (restore.ts) both need these types, and neither should import the
 * other for them.
 */
import type { ModelShape } from '../engine/modelShape';
import type { SamplingParams } from '../engine/sampling';
import type { Message } from '../i18n/message';
import type {
  AdapterReport,
  Backend,
  ErrorCode,
  ExecutionPreference,
  LoadPhase,
} from '../worker/protocol';
import type { Run } from './run';
import type { Language } from './urlParams';

export interface Settings {
  modelId: string;
  prompt: string;
  steps: number;
  sampling: SamplingParams;
  ep: ExecutionPreference;
  lang: Language;
  /** The user picked `lang`; until then it follows the browser's languages (browserLanguage.ts). */
  langPicked: boolean;
  /** Play speed in steps per second. */
  speed: number;
  /** A prompt longer than the context keeps its most recent tokens instead of being refused. */
  keepRecent: boolean;
  /** Where downloads come from: `hub`, `mirror` or a teacher's server's address (modelSource.ts). */
  modelSource: string;
  /** Runs use the KV cache; off, every step reads the whole sequence again (the textbook loop). */
  cache: boolean;
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

/** What survives a reload: the user's choices and runs, not what the worker held. */
export type PersistedState = Pick<AppState, 'settings' | 'runs' | 'activeRunId' | 'compareRunId'>;
