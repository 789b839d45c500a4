/**
 * The shape of a strategy run (beam search, Jacobi or speculative decoding) as a file and as saved
 * state keep it: valibot schemas built from the table of limits, one per strategy, so that a beam
 * search file is read with the beam search schema only. Every message is what the schema expects,
 * in English; strategyFileIssue.ts reads them back as dictionary messages. What a schema cannot
 * say (rounds in order, beams made before they are extended, lengths that agree) is checked by
 * strategyFileParse.ts.
 */
import * as v from 'valibot';
import { fields, LIMITS, rangeSchema, type Limit } from '../engine/limits';
import { modelFromId } from '../engine/modelCatalog';
import { EXPECTED, OWN_VOCAB_LIMIT } from './runFileSchema';

/** The largest round or step count a run can hold: one token each, at most the step budget. */
const ROUNDS: Limit = { min: 0, max: LIMITS.steps.max, integer: true };
/** Beam ids and counts of passes, proposals, tokens: whole numbers of a sane size. */
const COUNT: Limit = { min: 0, max: 1e7, integer: true };
/** A log-probability, or a sum of them: never above 0 (log-softmax in float64 cannot be). */
const LOG_PROB: Limit = { min: -1e9, max: 0, integer: false };

const optionsText = (names: readonly string[], nullable = false): string =>
  [...names.map((n) => `"${n}"`), ...(nullable ? ['null'] : [])].join(', ');
const picklist = <const T extends readonly [string, ...string[]]>(names: T) =>
  v.picklist(names, optionsText(names));

const text = (maxLength: number) => {
  const expected = `text of at most ${maxLength} characters`;
  return v.pipe(v.string(expected), v.maxLength(maxLength, expected));
};

/** A list of `what` (a field name, for the message), its length checked before its items. */
const list = <T extends v.GenericSchema>(item: T, what: string, length: Limit = ROUNDS) =>
  v.pipe(
    v.custom<unknown[]>(Array.isArray, `a list of ${what}`),
    v.minLength(length.min),
    v.maxLength(length.max),
    v.array(item),
  );

const count = rangeSchema(COUNT);
const ms = rangeSchema(LIMITS.ms);
const logProb = rangeSchema(LOG_PROB);
const probability = rangeSchema(LIMITS.probability, EXPECTED.probability);
const bool = v.boolean(EXPECTED.boolean);

const modelId = v.pipe(
  v.string(EXPECTED.modelId),
  v.check((id) => modelFromId(id) !== null, EXPECTED.modelId),
);

export const STATUSES = ['running', 'done', 'stopped', 'failed'] as const;
export const STRATEGY_NAMES = ['beam', 'jacobi', 'speculative'] as const;

/** Why a run failed or could not start (StrategyProblem); the fields its kind reads. */
const problemSchema = v.nullable(
  fields({
    kind: picklist([
      'prompt_empty',
      'too_long',
      'no_model',
      'draft_misfit',
      'draft_tokens',
      'failed',
    ]),
    count: v.optional(count),
    limit: v.optional(count),
    detail: v.optional(text(2000)),
    /** The draft a speculative run was refused for (draft_misfit, draft_tokens). */
    draft: v.optional(text(300)),
    /** The model's vocabulary the draft did not fit (draft_misfit). */
    vocab: v.optional(count),
  }),
);

/**
 * Each strategy's run schema for a model of `vocabSize` ids: GPT-2's 50 257 for GPT-2's family,
 * `OWN_VOCAB_LIMIT` for a model with its own vocabulary (runFileSchema.ts: a Llama-family head
 * may be wider than its tokenizer), by the name in `settings.strategy`.
 */
function makeRunSchemas(vocabSize: number) {
  const tokenId = rangeSchema({ ...LIMITS.tokenId, max: vocabSize - 1 });
  const tokens = list(tokenId, 'tokens', { min: 0, max: LIMITS.steps.max + 1, integer: true });

  const greedySchema = v.nullable(fields({ tokens, modelPasses: count, ms }));

  /** The fields every strategy run has; `settings`, the rounds and `outcome` are its strategy's. */
  const common = {
    modelId,
    prompt: text(LIMITS.promptChars.max),
    promptIds: list(tokenId, 'promptIds', LIMITS.promptTokens),
    status: picklist(STATUSES),
    problem: v.optional(problemSchema, null),
  };

  // beam search

  const beamNode = { id: count, parentId: count, tokenId, logProb };

  const beamStepSchema = fields({
    step: v.unknown(), // its place in the run: strategyFileParse.ts
    expansions: list(
      fields({
        beamId: count,
        candidates: list(
          fields({
            tokenId,
            logProb,
            cumulative: logProb,
            fate: picklist(['kept', 'ended', 'pruned']),
            childId: v.optional(count),
          }),
          'candidates',
          { min: 0, max: LIMITS.candidates.max, integer: true },
        ),
      }),
      'expansions',
    ),
    kept: list(fields(beamNode), 'kept'),
    ended: list(fields({ ...beamNode, score: logProb }), 'ended'),
    pruned: list(count, 'pruned'),
    modelMs: ms,
  });

  const beamSchema = fields({
    ...common,
    settings: fields({
      strategy: v.literal('beam', '"beam"'),
      beams: rangeSchema(LIMITS.beams),
      maxSteps: rangeSchema(LIMITS.steps),
      lengthPenalty: rangeSchema(LIMITS.lengthPenalty),
    }),
    beamSteps: list(beamStepSchema, 'beamSteps'),
    outcome: v.nullable(
      fields({
        strategy: v.literal('beam', '"beam"'),
        final: list(fields({ id: count, tokens, logProb, score: logProb, ended: bool }), 'final'),
        stopReason: picklist(['all_ended', 'max_steps', 'context_limit', 'stopped']),
        modelPasses: count,
        batched: v.optional(bool),
        ms,
        greedy: greedySchema,
      }),
    ),
  });

  // Jacobi decoding

  const jacobiRoundSchema = fields({
    round: v.unknown(), // its place in the run: strategyFileParse.ts
    fed: list(tokenId, 'fed', LIMITS.window),
    predicted: list(tokenId, 'predicted', LIMITS.window),
    accepted: list(tokenId, 'accepted', LIMITS.window),
    rejected: list(tokenId, 'rejected', { ...LIMITS.window, min: 0 }),
    modelMs: ms,
    modelPasses: count,
    generated: count,
  });

  const jacobiSchema = fields({
    ...common,
    settings: fields({
      strategy: v.literal('jacobi', '"jacobi"'),
      window: rangeSchema(LIMITS.window),
      maxTokens: rangeSchema(LIMITS.steps),
      promptLookup: v.optional(bool),
    }),
    rounds: list(jacobiRoundSchema, 'rounds'),
    // Tokens, or the model file's refusal (it gives only the last position's prediction).
    outcome: v.nullable(
      fields({
        strategy: v.literal('jacobi', '"jacobi"'),
        tokens: v.optional(tokens),
        stopReason: v.optional(picklist(['max_tokens', 'eos', 'context_limit', 'stopped'])),
        modelPasses: v.optional(count),
        ms: v.optional(ms),
        greedy: v.optional(greedySchema),
        refused: v.optional(picklist(['all_logits_missing'])),
        detail: v.optional(text(2000)),
      }),
    ),
  });

  // speculative decoding

  /** One probability per checked proposal: at most `k`. */
  const probabilities = (what: string) => list(probability, what, { ...LIMITS.k, min: 0 });

  const specRoundSchema = fields({
    round: v.unknown(), // its place in the run: strategyFileParse.ts
    proposed: list(tokenId, 'proposed', { ...LIMITS.k, min: 0 }),
    targetTokens: list(tokenId, 'targetTokens', { ...LIMITS.k, min: 1, max: LIMITS.k.max + 1 }),
    accepted: rangeSchema({ ...LIMITS.k, min: 0 }),
    token: tokenId,
    tokenKind: picklist(['correction', 'bonus', 'own']),
    added: list(tokenId, 'added', { ...LIMITS.k, min: 0, max: LIMITS.k.max + 1 }),
    // Sampling only: each checked proposal's chance of being kept, min(1, p/q), with its p and q,
    // and the chance the round's own token had where it was drawn.
    acceptProbabilities: v.optional(probabilities('acceptProbabilities')),
    targetProbs: v.optional(probabilities('targetProbs')),
    draftProbs: v.optional(probabilities('draftProbs')),
    tokenProb: v.optional(probability),
    draftMs: ms,
    targetMs: ms,
    draftPasses: count,
    targetPasses: count,
    generated: count,
  });

  const specSchema = fields({
    ...common,
    settings: fields({
      strategy: v.literal('speculative', '"speculative"'),
      k: rangeSchema(LIMITS.k),
      maxTokens: rangeSchema(LIMITS.steps),
      /** The draft model's id (a spec in the page). */
      draft: modelId,
      sampling: v.optional(
        fields({ temperature: rangeSchema(LIMITS.temperature), seed: rangeSchema(LIMITS.seed) }),
      ),
    }),
    specRounds: list(specRoundSchema, 'specRounds'),
    outcome: v.nullable(
      fields({
        strategy: v.literal('speculative', '"speculative"'),
        tokens,
        stopReason: picklist(['max_tokens', 'eos', 'context_limit', 'stopped']),
        modelPasses: count,
        draftPasses: count,
        proposed: count,
        accepted: count,
        ms,
        greedy: greedySchema,
      }),
    ),
  });

  return { beam: beamSchema, jacobi: jacobiSchema, speculative: specSchema };
}

const GPT2_RUN_SCHEMAS = makeRunSchemas(LIMITS.tokenId.max + 1);
const OWN_RUN_SCHEMAS = makeRunSchemas(OWN_VOCAB_LIMIT);

/** The run schemas of a run of GPT-2's vocabulary (`gpt2`) or of a model's own. */
export const runSchemasFor = (gpt2: boolean) => (gpt2 ? GPT2_RUN_SCHEMAS : OWN_RUN_SCHEMAS);

type RunSchemas = typeof GPT2_RUN_SCHEMAS;

/** What a strategy's run holds once its schema passed. */
export type ParsedBeamRun = v.InferOutput<RunSchemas['beam']>;
export type ParsedJacobiRun = v.InferOutput<RunSchemas['jacobi']>;
export type ParsedSpecRun = v.InferOutput<RunSchemas['speculative']>;
export type ParsedStrategyRun = ParsedBeamRun | ParsedJacobiRun | ParsedSpecRun;

/** What a run is read by first: its strategy, which picks the schema of the rest. */
export const strategyHeadSchema = fields({
  settings: fields({ strategy: picklist(STRATEGY_NAMES) }),
});

/** The file around a run, once its format was found to be ours (the run is read by strategy). */
export const strategyFileSchema = (maxVersion: number) =>
  fields({
    version: rangeSchema({ min: 1, max: maxVersion, integer: true }),
    exportedAt: text(100),
    app: text(100),
    run: strategyHeadSchema,
  });
