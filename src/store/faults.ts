/**
 * Errors and notices as store data. Each is a dictionary message (so it renders in the user's
 * language and re-renders when the language changes); the worker's or runtime's own words are
 * kept beside it as the detail. A backend replaced mid-run is a notice, not an error: the run
 * went on.
 */
import type { MessageKey } from '../i18n/en';
import { message, type Message, type MessageParam } from '../i18n/message';
import type { EventOf } from '../worker/protocol';
import type { AppError, AppState } from './appStore';

/** A failure reported by the worker (or the loss of the worker itself). */
export function workerError(code: AppError['code'], detail: string): AppError {
  return { code, message: message(`error_${code}`), detail };
}

/** A request the page refuses before it reaches the worker. */
export const badRequest = (key: MessageKey, params?: Record<string, MessageParam>): AppError => ({
  code: 'bad_request',
  message: message(key, params),
});

/** The worker is gone with its model and generation; the runs stay, the model reloads on demand. */
export const crashChange = (s: AppState, detail: string): Partial<AppState> => ({
  error: workerError('worker_crashed', detail),
  model: { ...s.model, status: 'none', id: null, progress: null },
  live: { runId: null, requestId: null, busy: false },
});

/**
 * A backend that failed while the model loaded is said in a notice, not only in the tooltip
 * (once: a later load that fails the same way adds nothing).
 */
export function withBackendFailure(notices: Message[], note: Message): Message[] {
  const same = (n: Message) => JSON.stringify(n) === JSON.stringify(note);
  return note.key === 'backendWebgpuFailed' && !notices.some(same) ? [...notices, note] : notices;
}

/** The store change for a `fallback` event: the new backend, and a notice saying so. */
export function fallbackChange(s: AppState, event: EventOf<'fallback'>): Partial<AppState> {
  return {
    model: {
      ...s.model,
      backend: event.backend,
      threads: event.threads,
      backendNote: event.backendNote,
    },
    notices: [
      ...s.notices,
      message('noticeWebgpuLost', { reason: event.reason, step: event.step }),
    ],
  };
}
