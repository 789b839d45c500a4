/**
 * The worker's failures, classified: each becomes an error code the page explains in the user's
 * language, with the runtime's own words kept as the detail.
 */
import { ModelFetchError } from '../engine/modelFiles';
import type { ErrorCode } from './protocol';
import { errorMessage } from '../engine/errorMessage';

/** A failure whose kind is known; anything else is reported as `internal`. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** Turns any failure into a code (what the page says) and the runtime's words (the detail). */
export function describeError(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof HostError) return { code: error.code, message: error.message };
  if (error instanceof ModelFetchError) {
    const code: ErrorCode =
      error.code === 'not_found'
        ? 'model_not_found'
        : error.code === 'bad_config' || error.code === 'bad_tokenizer'
          ? error.code
          : 'network';
    return { code, message: error.message };
  }
  const message = errorMessage(error);
  return { code: 'internal', message };
}

/** A download that stopped because its signal was aborted (by a cancel), not because it failed. */
export function isAbort(error: unknown): boolean {
  if (error instanceof ModelFetchError) return error.code === 'aborted';
  return error instanceof Error && error.name === 'AbortError';
}

export const isTokenId = (id: number, vocab: number): boolean =>
  Number.isInteger(id) && id >= 0 && id < vocab;

/** Errors of onnxruntime that mean the file itself is bad, whatever the backend. */
export function isDamagedModelError(message: string): boolean {
  return /protobuf|parse|invalid model|load model|corrupt|INVALID_PROTOBUF|failed to load/i.test(
    message,
  );
}
