/**
 * The autoregressive loop, one step at a time: each step runs the model once on the newest token
 * (the first step uses the prompt's parallel prefill), then picks one token. Step t cannot start
 * before step t−1 has chosen its token, which is the whole point the app makes visible.
 */
import type { ForwardResult, KvCacheDecoder } from './decoder';
import { createRng, type Rng } from './rng';
import { decide, isGreedy, type Candidate, type SamplingParams } from './sampling';
import { viewToken, type TokenView } from './tokenizer';

export type StopReason = 'max_steps' | 'eos' | 'context_limit';

export interface CandidateView extends Candidate {
  token: TokenView;
}

/** Everything one decode step produced: the data the timeline and the exports are made of. */
export interface StepRecord {
  /** 1-based index of the generated token. */
  step: number;
  tokenId: number;
  token: TokenView;
  /** Tokens the model read to produce this step's logits (prompt + earlier steps). */
  contextLength: number;
  candidates: CandidateView[];
  entropy: number;
  eligibleCount: number;
  chosenProb: number;
  /**
   * The chosen token's rank among the whole vocabulary (1 = most likely; see rankOf). Absent in
   * runs recorded before it was, where the view says "beyond the top N" instead.
   */
  chosenRank?: number;
  /**
   * Sum of the tempered probabilities of the tokens the cut-offs let through: the draw gives each
   * of them its probability divided by this (1 without a cut-off). Absent in older runs.
   */
  eligibleMass?: number;
  temperature: number;
  /** True when the user forced this token (a "what if" branch). */
  forced: boolean;
  /** Milliseconds inside the model run for this step (the prefill for step 1). */
  modelMs: number;
  /** Milliseconds for the whole step: model, sampling and bookkeeping. */
  totalMs: number;
}

export interface GenerationConfig {
  maxSteps: number;
  sampling: SamplingParams;
  /** How many of the most likely tokens each step reports (at least 20 is useful). */
  candidateCount?: number;
  /**
   * False runs the loop without the KV cache, as the plain textbook loop does: every step resets
   * the cache and feeds the whole sequence again, taking the last position's logits. Same tokens,
   * a model run that grows with the context. Absent means true.
   */
  cache?: boolean;
}

export type StepOutcome =
  { kind: 'step'; record: StepRecord } | { kind: 'stop'; reason: StopReason };

/** A step abandoned between two blocks of a recompute: no token, nothing recorded. */
export interface StepInterrupted {
  kind: 'interrupted';
}

/**
 * Positions fed per model run when a step without the cache reads the whole sequence again. One
 * run over 1024 positions of GPT-2 cannot be interrupted; blocks of 64 let a Stop be read between
 * them (the cache is used inside the step only), for the same work and the same logits.
 */
export const RECOMPUTE_BLOCK = 64;

/** How a caller may stop a step without the cache half-way through. */
export interface StepControl {
  /** Asked between two blocks of a recompute; true abandons the step. */
  shouldStop: () => boolean | Promise<boolean>;
  /** Positions per block (RECOMPUTE_BLOCK unless given). */
  blockSize?: number;
}

const now = (): number => performance.now();

/**
 * Token `id`'s place in the ranking of the whole vocabulary: 1 + how many logits are higher, a
 * tie counting as higher for a lower id, which is the candidate list's own order (topK.ts).
 */
export function rankOf(logits: Float32Array, id: number): number {
  const own = logits[id];
  let before = 0;
  for (let i = 0; i < logits.length; i++) {
    if (logits[i] > own || (logits[i] === own && i < id)) before++;
  }
  return before + 1;
}

/**
 * The chosen token's rank. The top candidates are listed in rank order (topK.ts), so a chosen
 * token among them is ranked by its place, as nearly every step's is; only a token beyond them
 * (forced, or drawn from far down) costs a pass over the vocabulary.
 */
function chosenRankOf(
  candidates: readonly { id: number }[],
  listed: number,
  logits: Float32Array,
  chosenId: number,
): number {
  const place = candidates.findIndex((c) => c.id === chosenId);
  return place >= 0 && place < listed ? place + 1 : rankOf(logits, chosenId);
}

export class Generation {
  readonly steps: StepRecord[] = [];
  private readonly rng: Rng;
  /** The model's answer for the next step, when it is already computed (after the prefill). */
  private pending: ForwardResult | null = null;
  private stopReason: StopReason | null = null;

  private constructor(
    private readonly decoder: KvCacheDecoder,
    readonly promptIds: readonly number[],
    private configValue: GenerationConfig,
    /** Tokens of earlier steps taken over from another run (a branch or a resumed run). */
    readonly history: readonly number[],
  ) {
    this.rng = createRng(configValue.sampling.seed);
    // Advance the random stream past the inherited steps, so that continuing a run (or branching
    // with the token it already had) reproduces it exactly.
    if (!isGreedy(configValue.sampling)) for (let i = 0; i < history.length; i++) this.rng();
  }

  /**
   * Resets the cache and reads the whole prompt (plus any inherited steps) in one parallel pass:
   * the prefill. Step numbers continue after the inherited ones.
   */
  static async start(
    decoder: KvCacheDecoder,
    promptIds: readonly number[],
    config: GenerationConfig,
    history: readonly number[] = [],
  ): Promise<Generation> {
    if (promptIds.length === 0) throw new Error('the prompt has no tokens');
    const total = promptIds.length + history.length;
    if (total > decoder.shape.context) {
      throw new Error(
        `the prompt has ${total} tokens; this model reads at most ${decoder.shape.context}`,
      );
    }
    const generation = new Generation(decoder, promptIds, config, history);
    decoder.reset();
    generation.pending = await decoder.append([...promptIds, ...history]);
    return generation;
  }

  get config(): GenerationConfig {
    return this.configValue;
  }

  get stopped(): StopReason | null {
    return this.stopReason;
  }

  /** Tokens generated so far, inherited ones included. */
  get generatedIds(): number[] {
    return [...this.history, ...this.steps.map((s) => s.tokenId)];
  }

  /** Steps taken in all, inherited ones included. */
  get stepCount(): number {
    return this.history.length + this.steps.length;
  }

  /** Raises (or lowers) the step budget, e.g. when the user asks for one more token. */
  setMaxSteps(maxSteps: number): void {
    this.configValue = { ...this.configValue, maxSteps };
    if (this.stopReason === 'max_steps' && this.stepCount < maxSteps) this.stopReason = null;
  }

  /**
   * Runs exactly one decode step, or says why there is none. `forcedId` forces the token. With
   * `control`, a step without the cache is fed in blocks and `control.shouldStop` is asked between
   * them: when it says so the step is abandoned (`interrupted`) and the next call makes it again
   * from the start, with the same token.
   */
  async next(forcedId?: number): Promise<StepOutcome>;
  async next(
    forcedId: number | undefined,
    control: StepControl,
  ): Promise<StepOutcome | StepInterrupted>;
  async next(forcedId?: number, control?: StepControl): Promise<StepOutcome | StepInterrupted> {
    if (this.stopReason) return { kind: 'stop', reason: this.stopReason };
    if (this.stepCount >= this.config.maxSteps) return this.stop('max_steps');
    const { vocab } = this.decoder.shape;
    if (
      forcedId !== undefined &&
      !(Number.isInteger(forcedId) && forcedId >= 0 && forcedId < vocab)
    ) {
      throw new Error(`cannot force token ${forcedId}: ids run from 0 to ${vocab - 1}`);
    }
    const started = now();
    const fromPrefill = this.pending !== null;
    let forward = this.pending;
    if (!forward) {
      // The previous token has not been read yet: reading it is this step's model run.
      const read = this.promptIds.length + this.stepCount - 1;
      if (read >= this.decoder.shape.context) return this.stop('context_limit');
      forward = await this.readNext(control);
      if (!forward) return { kind: 'interrupted' };
    }
    const { logits, summary, modelMs } = forward;
    const { sampling, candidateCount = 20 } = this.config;
    const decision = decide(logits, sampling, this.rng, candidateCount, forcedId, summary);
    const record: StepRecord = {
      step: this.stepCount + 1,
      tokenId: decision.chosenId,
      token: viewToken(decision.chosenId),
      contextLength: this.decoder.length,
      candidates: decision.candidates.map((c) => ({ ...c, token: viewToken(c.id) })),
      entropy: decision.entropy,
      eligibleCount: decision.eligibleCount,
      chosenProb: decision.chosenProb,
      chosenRank: chosenRankOf(decision.candidates, candidateCount, logits, decision.chosenId),
      eligibleMass: decision.eligibleMass,
      temperature: decision.temperature,
      forced: forcedId !== undefined,
      modelMs,
      totalMs: 0,
    };
    this.pending = null;
    this.steps.push(record);
    if (record.tokenId === this.decoder.shape.eosTokenId) this.stopReason = 'eos';
    // Step 1's model run is the prefill, which happened in start(), outside this call.
    record.totalMs = now() - started + (fromPrefill ? record.modelMs : 0);
    return { kind: 'step', record };
  }

  /**
   * The model's work for the step after the last: with the cache, feed only the newest token;
   * without it, forget the cache and feed prompt + every token so far, the logits of the last
   * position being the answer (null when `control` stopped it).
   */
  private readNext(control?: StepControl): Promise<ForwardResult | null> {
    if (this.configValue.cache === false) {
      return this.recompute([...this.promptIds, ...this.generatedIds], control);
    }
    // Only the newest token: no copy of the whole history on every step.
    const newest = this.steps.at(-1)?.tokenId ?? this.history[this.history.length - 1];
    return this.decoder.append([newest]);
  }

  /**
   * The whole sequence from an empty cache. Without `control`, one run (the textbook loop). With
   * it, block after block, each run reading the blocks before it from the cache as a prefill
   * continued: the same attention over the same positions, so the same logits; the cache lives
   * inside this step only, reset at the next. The model time is the blocks' total.
   */
  private async recompute(
    ids: readonly number[],
    control?: StepControl,
  ): Promise<ForwardResult | null> {
    this.decoder.reset();
    if (!control) return this.decoder.append(ids);
    const block = Math.max(1, Math.floor(control.blockSize ?? RECOMPUTE_BLOCK));
    let modelMs = 0;
    for (let from = 0; ; from += block) {
      const forward = await this.decoder.append(ids.slice(from, from + block));
      modelMs += forward.modelMs;
      if (from + block >= ids.length) return { ...forward, modelMs };
      if (await control.shouldStop()) return null;
    }
  }

  private stop(reason: StopReason): StepOutcome {
    this.stopReason = reason;
    return { kind: 'stop', reason };
  }
}

/** Runs a generation to its end, handing each step to `onStep`; returns why it stopped. */
export async function runToEnd(
  generation: Generation,
  onStep: (record: StepRecord) => void,
): Promise<StopReason> {
  for (;;) {
    const outcome = await generation.next();
    if (outcome.kind === 'stop') return outcome.reason;
    onStep(outcome.record);
  }
}
