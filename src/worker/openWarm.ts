/**
 * Opening a model for the engine host: a session on one backend and its decoder, warmed up; and
 * how a runtime error that means a broken file is told to the page.
 */
import { KvCacheDecoder } from '../engine/decoder';
import type { ModelFiles } from '../engine/modelFiles';
import type { CreatedSession, HostDeps } from './hostDeps';
import { HostError, isDamagedModelError } from './hostErrors';
import type { Backend } from './protocol';
import { errorMessage } from '../engine/errorMessage';

export interface Opened {
  created: CreatedSession;
  decoder: KvCacheDecoder;
}

/** A runtime error that says the model file itself is broken, as the page's `model_damaged`. */
export function explained(error: unknown): unknown {
  const message = errorMessage(error);
  // The page explains the code in the user's language; the runtime's words are the detail.
  return isDamagedModelError(message) ? new HostError(message, 'model_damaged') : error;
}

/**
 * A session and its decoder after one warm-up step, which compiles kernels (shaders on WebGPU)
 * and lays out the cache's memory for the whole context before the user's first token. On
 * WebGPU that first run is where a driver limit or a lost device shows, so a failing warm-up
 * releases the session (and the decoder's GPU buffers) before the caller falls back.
 */
export async function openWarm(
  createSession: HostDeps['createSession'],
  files: ModelFiles,
  backend: Backend,
  /** Told when the session is being created and when the warm-up runs (the load's progress). */
  onPhase: (phase: 'session' | 'warmup') => void = () => undefined,
): Promise<Opened> {
  onPhase('session');
  const created = await createSession(files.modelBytes, backend, files.shape);
  let decoder: KvCacheDecoder | null = null;
  try {
    decoder = new KvCacheDecoder(created.session, files.shape, created.Tensor);
    onPhase('warmup');
    await decoder.warmUp();
    return { created, decoder };
  } catch (error) {
    decoder?.dispose();
    await created.session.release().catch(() => undefined);
    throw error;
  }
}
