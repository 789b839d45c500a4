/**
 * Whether a prompt can be generated from: not empty, and within the model's context window —
 * or, when the user opted in, cut to its most recent tokens.
 */
import type { ModelShape } from '../engine/modelShape';

export type PromptCheck =
  | { ok: true; ids: number[]; truncatedFrom: number | null }
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'too_long'; count: number; limit: number };

/** Positions the model reads: from its config when loaded, else what its family is known to have. */
export function contextLimit(modelId: string, shape: ModelShape | null): number {
  if (shape) return shape.context;
  return modelId.startsWith('tiny-gpt2') ? 256 : 1024;
}

/**
 * `steps` is how many tokens the run asks for: a prompt cut to its most recent tokens keeps room
 * for them (at least one token of prompt stays), so the cut run does not stop at the context
 * limit after its first step. A prompt that fits is never cut.
 */
export function checkPrompt(
  ids: number[],
  limit: number,
  keepRecent: boolean,
  steps = 0,
): PromptCheck {
  if (ids.length === 0) return { ok: false, reason: 'empty' };
  if (ids.length <= limit) return { ok: true, ids, truncatedFrom: null };
  if (!keepRecent) return { ok: false, reason: 'too_long', count: ids.length, limit };
  const keep = Math.max(1, limit - Math.max(0, steps));
  return { ok: true, ids: ids.slice(ids.length - keep), truncatedFrom: ids.length };
}
