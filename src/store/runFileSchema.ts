/**
 * The shape of a recorded run as valibot schemas built from the table of limits: a run file's
 * header and run, and the same run as saved state keeps it. Every schema's message is what it
 * expects, in English; runFileExpected.ts reads each kind back as a dictionary message. What a schema cannot say (steps in
 * order, contexts that add up, the chosen token among the candidates) runFileParse.ts checks.
 */
import * as v from 'valibot';
import type { StopReason } from '../engine/generation';
import { configSchema, fields, LIMITS, rangeSchema, type Limit } from '../engine/limits';
import { modelFromId } from '../engine/modelCatalog';
import type { Backend } from '../worker/protocol';
import { RUN_FILE_VERSION } from './runFile';

const BACKENDS = ['webgpu', 'wasm'] as const satisfies readonly Backend[];
const STOP_REASONS = ['max_steps', 'eos', 'context_limit'] as const satisfies readonly StopReason[];

/** The expectations of this file's own making, for runFileExpected.ts to read back. */
export const EXPECTED = {
  probability: '0–1',
  boolean: 'true or false',
  finite: 'a finite number',
  runId: 'letters, digits and - _ . :',
  modelId: 'a Stepwise model id such as "tiny-gpt2"',
  /** The words `a list of …` names, by field. */
  listOf: { candidates: 'candidates', promptIds: 'prompt tokens', steps: 'steps' },
} as const;

const PROBABILITY = EXPECTED.probability;
const TRUE_OR_FALSE = EXPECTED.boolean;
const options = (names: readonly string[]): string =>
  [...names.map((n) => `"${n}"`), 'null'].join(', ');

const text = (maxLength: number) => {
  const expected = `text of at most ${maxLength} characters`;
  return v.pipe(v.string(expected), v.maxLength(maxLength, expected));
};

/** A list of `what`, its length checked before any of its items is read. */
const list = <T extends v.GenericSchema>(item: T, length: Limit, what: string) =>
  v.pipe(
    v.custom<unknown[]>(Array.isArray, `a list of ${what}`),
    v.minLength(length.min),
    v.maxLength(length.max),
    v.array(item),
  );

/**
 * The id limits of a vocabulary of `size` ids: GPT-2's are the table's (`LIMITS`); a model with
 * its own vocabulary (a Llama-family model from the Hub) has ids up to its head's width, which
 * may pass the tokenizer's size (Qwen2.5's head has 151 936 rows for 151 665 tokens), so its
 * runs are held to `OWN_VOCAB_LIMIT` here and to the model's own vocabulary where it is viewed.
 */
function idLimits(size: number): { tokenId: Limit; eligibleCount: Limit } {
  return {
    tokenId: { ...LIMITS.tokenId, max: size - 1 },
    eligibleCount: { ...LIMITS.eligibleCount, max: size },
  };
}

/** The widest head a model with its own vocabulary may have here (2^18 ids). */
export const OWN_VOCAB_LIMIT = 262_144;

/** A run's schemas for a vocabulary of `size` ids: as saved state keeps it, and as a file. */
function makeSchemas(size: number) {
  const ids = idLimits(size);
  const probability = rangeSchema(LIMITS.probability, PROBABILITY);
  const tokenId = rangeSchema(ids.tokenId);

  const candidateSchema = fields({
    id: tokenId,
    logit: rangeSchema(LIMITS.logit, EXPECTED.finite),
    prob: probability,
    probAtT1: probability,
    // The engine's running sum is NaN on a chosen token appended after the top list: null in a file
    // (JSON has no NaN), NaN in saved state. runFileParse.ts checks where it may be.
    cumulative: v.union([probability, v.null(), v.nan()], PROBABILITY),
    eligible: v.boolean(TRUE_OR_FALSE),
  });

  const stepSchema = fields({
    // Numbering and context lengths are checked against the step's place (runFileParse.ts).
    step: v.unknown(),
    tokenId,
    contextLength: v.unknown(),
    candidates: list(candidateSchema, LIMITS.candidates, EXPECTED.listOf.candidates),
    entropy: rangeSchema(LIMITS.entropy),
    eligibleCount: rangeSchema(ids.eligibleCount),
    chosenProb: probability,
    // Absent in runs recorded before they were. A rank runs over the vocabulary as a count does.
    chosenRank: v.optional(rangeSchema(ids.eligibleCount)),
    eligibleMass: v.optional(probability),
    temperature: rangeSchema(LIMITS.temperature),
    forced: v.boolean(TRUE_OR_FALSE),
    modelMs: rangeSchema(LIMITS.ms),
    totalMs: rangeSchema(LIMITS.ms),
  });

  const RUN_ID = EXPECTED.runId;
  const parentSchema = fields({
    runId: v.pipe(text(100), v.regex(/^[\w.:-]+$/, RUN_ID)),
    // A branch forces the token of a step up to one past its parent's last.
    step: rangeSchema({ ...LIMITS.steps, max: LIMITS.steps.max + 1 }),
    tokenId,
  });

  const MODEL_ID = EXPECTED.modelId;

  /* A run's recorded fields, as files and saved state both hold them. */
  const runEntries = {
    modelId: v.pipe(
      v.string(MODEL_ID),
      v.check((id) => modelFromId(id) !== null, MODEL_ID),
    ),
    backend: v.nullable(v.picklist(BACKENDS, options(BACKENDS))),
    prompt: text(LIMITS.promptChars.max),
    promptIds: list(tokenId, LIMITS.promptTokens, EXPECTED.listOf.promptIds),
    config: configSchema,
    stopReason: v.nullable(v.picklist(STOP_REASONS, options(STOP_REASONS))),
    prefillMs: v.nullable(rangeSchema(LIMITS.ms)),
    parent: v.nullable(parentSchema),
    steps: list(stepSchema, { ...LIMITS.steps, min: 0 }, EXPECTED.listOf.steps),
  };

  const recordedRunSchema = fields(runEntries);

  /* A run file, once its format and version were found to be ours. */
  const runFileSchema = fields({
    version: rangeSchema({ min: 1, max: RUN_FILE_VERSION, integer: true }),
    exportedAt: text(100),
    app: text(100),
    run: recordedRunSchema,
  });

  return { recordedRunSchema, runFileSchema };
}

const GPT2_SIZE = LIMITS.eligibleCount.max;
const GPT2_SCHEMAS = makeSchemas(GPT2_SIZE);
const OWN_SCHEMAS = makeSchemas(OWN_VOCAB_LIMIT);

/** The schemas of a run of GPT-2's vocabulary (`gpt2`) or of a model's own. */
export const runSchemas = (gpt2: boolean) => (gpt2 ? GPT2_SCHEMAS : OWN_SCHEMAS);

/** GPT-2's run schemas, as every run was before Llama-family models. */
export const { recordedRunSchema, runFileSchema } = GPT2_SCHEMAS;

export type RecordedRun = v.InferOutput<typeof recordedRunSchema>;
