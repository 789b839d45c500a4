/**
 * Every limit and default the app checks, in one table. The settings form, URL parameters, run
 * files, saved state and the worker all read it, and their valibot schemas are built from it, so a
 * value one of them accepts is accepted by all of them.
 */
import * as v from 'valibot';
import type { Strategy } from './sampling';
import { TOKENIZER_VOCAB } from './tokenizer';

export interface Limit {
  readonly min: number;
  readonly max: number;
  /** Only whole numbers. */
  readonly integer: boolean;
  /** `min` itself is refused: the range is (min, max]. */
  readonly aboveMin?: boolean;
  /** The value that turns the setting off, where one does. */
  readonly off?: number;
  /** What a new settings form holds, for the user's settings. */
  readonly default?: number;
}

export const LIMITS = {
  // — settings the user chooses (the form, URL parameters, saved settings, run files) —
  /**
   * Tokens a run generates: what the user asks for and what a run may hold. GPT-2 reads 1024
   * positions, so no run of these models gets further.
   */
  steps: { min: 1, max: 1024, integer: true, default: 20 },
  /** Up to 10: any hotter and every token is about as likely as any other. */
  temperature: { min: 0, max: 10, integer: false, default: 1 },
  topK: { min: 0, max: TOKENIZER_VOCAB, integer: true, off: 0, default: 0 },
  /** Above 0: a cut-off at 0 would keep no token at all. */
  topP: { min: 0, max: 1, integer: false, aboveMin: true, off: 1, default: 1 },
  /** A share of the most likely token's probability; 0 keeps every token. */
  minP: { min: 0, max: 1, integer: false, off: 0, default: 0 },
  /** Any 32-bit unsigned integer (the generator's state). */
  seed: { min: 0, max: 0xffffffff, integer: true, default: 42 },
  /** Play speed, in steps per second. */
  speed: { min: 0, max: 60, integer: false, aboveMin: true, default: 4 },
  /** Beams a beam search keeps at each step (1 is greedy decoding). */
  beams: { min: 1, max: 8, integer: true, default: 3 },
  /**
   * Exponent on a finished beam's length in its score (Σ log p / length^penalty): 0 ranks by the
   * total alone, higher values favour longer sequences.
   */
  lengthPenalty: { min: 0, max: 3, integer: false, default: 1 },
  /** Tokens Jacobi decoding feeds per model pass: the known next token and the guesses after it. */
  window: { min: 1, max: 8, integer: true, default: 4 },
  /** Tokens the draft model proposes per round of speculative decoding (the URL's `k`). */
  k: { min: 1, max: 8, integer: true, default: 4 },
  /** Characters of prompt text: the prompt box, URLs, run files. */
  promptChars: { min: 0, max: 100_000, integer: true },

  // — what a recorded run holds (run files, saved runs) —
  promptTokens: { min: 1, max: 8192, integer: true },
  /** Candidates a step reports (the app asks for 20). */
  candidates: { min: 1, max: 1000, integer: true },
  tokenId: { min: 0, max: TOKENIZER_VOCAB - 1, integer: true },
  /** Tokens a step's cut-offs let through. */
  eligibleCount: { min: 1, max: TOKENIZER_VOCAB, integer: true },
  logit: { min: -1e9, max: 1e9, integer: false },
  /** Sums of float64 probabilities may overshoot 1 by a few rounding steps. */
  probability: { min: 0, max: 1 + 1e-9, integer: false },
  /** Bits; a distribution over the vocabulary has at most about 16. */
  entropy: { min: 0, max: 64, integer: false },
  /** Milliseconds: about eleven days. Any longer timing is corruption, not a slow machine. */
  ms: { min: 0, max: 1e9, integer: false },
  /** A run file, in UTF-8 bytes. */
  runFileBytes: { min: 0, max: 20 * 1024 * 1024, integer: true },
} as const satisfies Record<string, Limit>;

/** Whether `value` is allowed by `limit`. */
export function within(limit: Limit, value: number): boolean {
  if (!Number.isFinite(value) || (limit.integer && !Number.isInteger(value))) return false;
  return (limit.aboveMin ? value > limit.min : value >= limit.min) && value <= limit.max;
}

/** The limit in English, for run-file and worker messages: "an integer 0–50257". */
export function describeLimit(limit: Limit): string {
  const kind = limit.integer ? 'an integer' : 'a number';
  return limit.aboveMin
    ? `${kind} in (${limit.min}, ${limit.max}]`
    : `${kind} ${limit.min}–${limit.max}`;
}

/** A number within `limit`; every failure carries `expected` as its message. */
export const rangeSchema = (limit: Limit, expected: string = describeLimit(limit)) =>
  v.pipe(
    v.number(expected),
    v.check((n) => within(limit, n), expected),
  );

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An object with these fields, read from its own keys only: an inherited `steps` or a polluted
 * prototype never counts as a field, and a `__proto__` key is never copied. Unknown fields are
 * dropped. A missing field is read as `undefined`, so that its own schema says what it expects.
 */
export function fields<const E extends v.ObjectEntries>(entries: E, expected = 'an object') {
  const keys = Object.keys(entries);
  return v.pipe(
    v.custom<Record<string, unknown>>(isRecord, expected),
    v.transform((value: Record<string, unknown>) => {
      const own: Record<string, unknown> = {};
      for (const key of keys) own[key] = Object.hasOwn(value, key) ? value[key] : undefined;
      return own;
    }),
    v.object(entries),
  );
}

export const STRATEGIES = ['greedy', 'sample'] as const satisfies readonly Strategy[];

export const samplingSchema = fields({
  strategy: v.picklist(STRATEGIES, '"greedy", "sample"'),
  temperature: rangeSchema(LIMITS.temperature),
  topK: rangeSchema(LIMITS.topK),
  topP: rangeSchema(LIMITS.topP),
  // Absent in settings recorded before min-p was offered: read as off.
  minP: v.optional(rangeSchema(LIMITS.minP), LIMITS.minP.default),
  seed: rangeSchema(LIMITS.seed),
});

/** A run's settings (GenerationConfig): its step budget, sampling and candidate count. */
export const configSchema = fields({
  maxSteps: rangeSchema(LIMITS.steps),
  sampling: samplingSchema,
  candidateCount: v.optional(rangeSchema(LIMITS.candidates)),
  // False: every step reads the whole sequence again, without the KV cache. Absent means true.
  cache: v.optional(v.boolean('true or false')),
});

/**
 * Why a run's settings cannot be used, in English (the worker's answer to a request it refuses),
 * or null when they are within the limits.
 */
export function configProblem(config: unknown): string | null {
  const result = v.safeParse(configSchema, config, { abortEarly: true });
  if (result.success) return null;
  const issue = result.issues[0];
  const where = (issue.path ?? []).map((item) => String(item.key)).join('.') || 'the settings';
  return `${where} is ${String(issue.input)}, expected ${issue.message}`;
}
