/**
 * Reading a run file back. An imported file is untrusted input, so `parseRunFile` checks every
 * field it uses and re-derives every token label from the ids: nothing the file says reaches the
 * screen except through our own tokenizer. Token views and timestamps in the file are for people
 * reading it and are never read back.
 */
import type { GenerationConfig, StepRecord, StopReason } from '../engine/generation';
import { modelFromId } from '../engine/modelCatalog';
import type { SamplingParams, Strategy } from '../engine/sampling';
import { decodeTokens, TOKENIZER_VOCAB, viewToken } from '../engine/tokenizer';
import type { Backend } from '../worker/protocol';
import { newRunId, type Run } from './run';
import { RUN_FILE_FORMAT, RUN_FILE_VERSION, type ParseResult } from './runFile';

export const MAX_RUN_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILE_STEPS = 4096;
export const MAX_FILE_CANDIDATES = 1000;
export const MAX_FILE_PROMPT_TOKENS = 8192;
const MAX_PROMPT_CHARS = 200_000;
const MAX_TEMPERATURE = 100;
/** About eleven days: any longer timing is corruption, not a slow machine. */
const MAX_MS = 1e9;
/** Sums of float64 probabilities may overshoot 1 by a few rounding steps. */
const PROB_SLACK = 1e-9;
const LAST_ID = TOKENIZER_VOCAB - 1;

type Stop = StopReason | null;
const STRATEGIES: readonly Strategy[] = ['greedy', 'sample'];
const BACKENDS: readonly (Backend | null)[] = ['webgpu', 'wasm', null];
const STOP_REASONS: readonly Stop[] = ['max_steps', 'eos', 'context_limit', null];

class FileProblem extends Error {}

function problem(message: string): never {
  throw new FileProblem(message);
}

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (isObj(value)) return 'an object';
  return String(value);
}

/** One object of the file; each failure names where it is, what it found and what it expected. */
class Reader {
  constructor(
    private readonly obj: Obj,
    readonly where: string,
  ) {}

  /** Own keys only: `__proto__`, `constructor` and the like never reach a prototype. */
  raw(key: string): unknown {
    return Object.hasOwn(this.obj, key) ? this.obj[key] : undefined;
  }

  fail(label: string, value: unknown, expected: string): never {
    const found = value === undefined ? `lacks ${label}` : `has ${label} ${describe(value)}`;
    return problem(`${this.where} ${found}, expected ${expected}`);
  }

  number(key: string, label: string, min: number, max: number, expected?: string): number {
    const v = this.raw(key);
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return v;
    return this.fail(label, v, expected ?? `a number ${min}–${max}`);
  }

  int(key: string, label: string, min: number, max: number): number {
    const v = this.raw(key);
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    return this.fail(label, v, `an integer ${min}–${max}`);
  }

  prob(key: string, label: string): number {
    return this.number(key, label, 0, 1 + PROB_SLACK, '0–1');
  }

  bool(key: string, label: string): boolean {
    const v = this.raw(key);
    return typeof v === 'boolean' ? v : this.fail(label, v, 'true or false');
  }

  string(key: string, label: string, maxLength: number): string {
    const v = this.raw(key);
    if (typeof v === 'string' && v.length <= maxLength) return v;
    return this.fail(label, v, `text of at most ${maxLength} characters`);
  }

  oneOf<T extends string | null>(key: string, label: string, options: readonly T[]): T {
    const v = this.raw(key);
    const found = options.find((o) => o === v);
    if (found !== undefined) return found;
    return this.fail(label, v, options.map((o) => (o === null ? 'null' : `"${o}"`)).join(', '));
  }

  object(key: string, label: string, where: string): Reader {
    const v = this.raw(key);
    return isObj(v) ? new Reader(v, where) : this.fail(label, v, 'an object');
  }

  list(key: string, what: string, min: number, max: number): unknown[] {
    const v = this.raw(key);
    if (!Array.isArray(v)) return this.fail(what, v, `a list of ${what}`);
    if (v.length < min) problem(`${this.where} has no ${what}, expected at least ${min}`);
    if (v.length > max) problem(`${this.where} has ${v.length} ${what}, expected at most ${max}`);
    return v;
  }
}

function readSampling(r: Reader): SamplingParams {
  return {
    strategy: r.oneOf('strategy', 'strategy', STRATEGIES),
    temperature: r.number('temperature', 'temperature', 0, MAX_TEMPERATURE),
    topK: r.int('topK', 'top-k', 0, TOKENIZER_VOCAB),
    topP: r.number('topP', 'top-p', 0, 1),
    seed: r.int('seed', 'seed', 0, 0xffffffff),
  };
}

function readConfig(r: Reader): GenerationConfig {
  const config: GenerationConfig = {
    maxSteps: r.int('maxSteps', 'step budget', 1, MAX_FILE_STEPS),
    sampling: readSampling(r.object('sampling', 'sampling', 'the sampling settings')),
  };
  if (r.raw('candidateCount') !== undefined) {
    config.candidateCount = r.int('candidateCount', 'candidate count', 1, MAX_FILE_CANDIDATES);
  }
  return config;
}

function readStep(value: unknown, index: number, promptLength: number): StepRecord {
  const n = index + 1;
  if (!isObj(value)) return problem(`step ${n} is ${describe(value)}, expected an object`);
  const r = new Reader(value, `step ${n}`);
  const numbered = r.raw('step');
  if (numbered !== n) {
    problem(
      `step ${n} is numbered ${describe(numbered)}: steps must be numbered 1, 2, 3, … in order`,
    );
  }
  const tokenId = r.int('tokenId', 'token id', 0, LAST_ID);
  const contextLength = r.raw('contextLength');
  if (contextLength !== promptLength + index) {
    r.fail('context length', contextLength, `${promptLength + index} (prompt + earlier steps)`);
  }
  const list = r.list('candidates', 'candidates', 1, MAX_FILE_CANDIDATES);
  const seen = new Set<number>();
  const candidates = list.map((item, j) => {
    const where = `step ${n}: candidate ${j + 1}`;
    if (!isObj(item)) return problem(`${where} is ${describe(item)}, expected an object`);
    const c = new Reader(item, where);
    const id = c.int('id', 'token id', 0, LAST_ID);
    if (seen.has(id)) problem(`step ${n} lists token ${id} twice among its candidates`);
    seen.add(id);
    // The engine leaves the running sum undefined (NaN) only for a chosen token that it appended
    // after the top list, which is always the last candidate.
    const lacksSum = c.raw('cumulative') === null && j === list.length - 1 && id === tokenId;
    return {
      id,
      logit: c.number('logit', 'logit', -1e9, 1e9, 'a finite number'),
      prob: c.prob('prob', 'probability'),
      probAtT1: c.prob('probAtT1', 'probability at T = 1'),
      cumulative: lacksSum ? Number.NaN : c.prob('cumulative', 'cumulative probability'),
      eligible: c.bool('eligible', 'eligible'),
      token: viewToken(id),
    };
  });
  if (!seen.has(tokenId))
    problem(`step ${n} chose token ${tokenId}, which is not among its candidates`);
  return {
    step: n,
    tokenId,
    token: viewToken(tokenId),
    contextLength: promptLength + index,
    candidates,
    entropy: r.number('entropy', 'entropy', 0, 64),
    eligibleCount: r.int('eligibleCount', 'eligible count', 1, TOKENIZER_VOCAB),
    chosenProb: r.prob('chosenProb', 'chosen probability'),
    temperature: r.number('temperature', 'temperature', 0, MAX_TEMPERATURE),
    forced: r.bool('forced', 'forced'),
    modelMs: r.number('modelMs', 'model time', 0, MAX_MS),
    totalMs: r.number('totalMs', 'step time', 0, MAX_MS),
  };
}

function readParent(r: Reader): Run['parent'] {
  if (r.raw('parent') === null) return null;
  const p = r.object('parent', 'parent', 'the parent run');
  const runId = p.string('runId', 'run id', 100);
  if (!/^[\w.:-]+$/.test(runId)) p.fail('run id', runId, 'letters, digits and - _ . :');
  return {
    runId,
    step: p.int('step', 'step', 1, MAX_FILE_STEPS + 1),
    tokenId: p.int('tokenId', 'token id', 0, LAST_ID),
  };
}

function readRun(r: Reader, now: number): Run {
  const modelId = r.string('modelId', 'model id', 200);
  if (!modelFromId(modelId)) r.fail('model id', modelId, 'a Stepwise model id such as "tiny-gpt2"');
  const promptIds = r.list('promptIds', 'prompt tokens', 1, MAX_FILE_PROMPT_TOKENS).map((id, i) => {
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= LAST_ID) return id;
    return problem(`prompt token ${i + 1} is ${describe(id)}, expected an integer 0–${LAST_ID}`);
  });
  const written = r.string('prompt', 'prompt', MAX_PROMPT_CHARS);
  // The ids are what the model read: text that disagrees with them would mislabel the run.
  const decoded = decodeTokens(promptIds);
  const prompt = written === decoded ? written : decoded;
  const config = readConfig(r.object('config', 'settings', 'the run settings'));
  const backend = r.oneOf('backend', 'backend', BACKENDS);
  const stopReason = r.oneOf('stopReason', 'stop reason', STOP_REASONS);
  const prefillMs =
    r.raw('prefillMs') === null ? null : r.number('prefillMs', 'prefill time', 0, MAX_MS);
  const parent = readParent(r);
  const steps = r
    .list('steps', 'steps', 0, MAX_FILE_STEPS)
    .map((step, i) => readStep(step, i, promptIds.length));
  return {
    id: newRunId(now),
    createdAt: now,
    modelId,
    backend,
    prompt,
    promptIds,
    config,
    steps,
    stopReason,
    prefillMs,
    parent,
    imported: true,
  };
}

/** True when the text's UTF-8 encoding is longer than `max` bytes, without encoding it. */
function exceedsBytes(text: string, max: number): boolean {
  if (text.length > max) return true;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= max; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is one 4-byte character: 2 bytes for each half.
    bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }
  return bytes > max;
}

const formatBytes = (n: number): string =>
  n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MB` : `${n} bytes`;

/** Checks a run file completely: a whole, valid run with a new id, or the first problem found. */
export function parseRunFile(text: string, maxBytes: number = MAX_RUN_FILE_BYTES): ParseResult {
  if (exceedsBytes(text, maxBytes)) {
    return {
      ok: false,
      reason: `the file is larger than ${formatBytes(maxBytes)}, the limit for run files`,
    };
  }
  let json: unknown;
  try {
    // Some editors save a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : String(error);
    return { ok: false, reason: `the file is not valid JSON (${detail})` };
  }
  try {
    if (!isObj(json))
      return problem('the file is not a Stepwise run file (expected a JSON object)');
    const file = new Reader(json, 'the file');
    const format = file.raw('format');
    if (format !== RUN_FILE_FORMAT) {
      problem(
        `the file is not a Stepwise run file (format ${describe(format)}, expected "${RUN_FILE_FORMAT}")`,
      );
    }
    const version = file.raw('version');
    if (typeof version === 'number' && Number.isInteger(version) && version > RUN_FILE_VERSION) {
      problem(
        `the file is run file version ${version}, from a newer Stepwise; this app reads version ${RUN_FILE_VERSION}`,
      );
    }
    file.int('version', 'version', 1, RUN_FILE_VERSION);
    file.string('exportedAt', 'export time', 100);
    file.string('app', 'app version', 100);
    const run = readRun(file.object('run', 'run', 'the run'), Date.now());
    return { ok: true, run };
  } catch (error) {
    if (error instanceof FileProblem) return { ok: false, reason: error.message };
    // Not expected; still an answer rather than a half-imported run or an exception in the UI.
    return { ok: false, reason: `the file could not be read (${String(error).slice(0, 120)})` };
  }
}
