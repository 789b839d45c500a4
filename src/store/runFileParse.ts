/**
 * Reading a run file back. An imported file is untrusted input: its shape is checked by the
 * schemas of runFileSchema.ts (built from the table of limits), what they cannot say is checked
 * here, and every token label is re-derived from the ids: nothing the file says reaches the
 * screen except through our own tokenizer. Token views and timestamps in the file are for people
 * reading it and are never read back.
 */
import * as v from 'valibot';
import type { GenerationConfig, StepRecord } from '../engine/generation';
import { LIMITS } from '../engine/limits';
import type { Vocabulary } from '../engine/vocabulary/types';
import { newRunId, type Run } from './run';
import { RUN_FILE_FORMAT, RUN_FILE_VERSION, type ParseResult } from './runFile';
import { message, type Message } from '../i18n/message';
import { checkFileHeader, parseFileJson } from './fileHeader';
import { describe, found, issueText } from './runFileIssue';
import { runSchemas, type RecordedRun } from './runFileSchema';
import { vocabularyOf } from './vocabularies';

export const MAX_RUN_FILE_BYTES = LIMITS.runFileBytes.max;

/** A problem found in the file, as the message that says it (in either language). */
class FileProblem extends Error {
  constructor(readonly reason: Message) {
    super(reason.key);
  }
}

function problem(reason: Message): never {
  throw new FileProblem(reason);
}

type ParsedStep = RecordedRun['steps'][number];

/** One step's record, checked against its place in the run: numbering, context, candidates. */
function readStep(
  step: ParsedStep,
  index: number,
  promptLength: number,
  vocab: Vocabulary,
): StepRecord {
  const n = index + 1;
  if (step.step !== n) {
    problem(message('rfNumbered', { n, value: describe(step.step) }));
  }
  const contextLength = promptLength + index;
  if (step.contextLength !== contextLength) {
    const expected = message('rfExpectContext', { n: contextLength });
    problem(found(message('rfStep', { n }), 'contextLength', step.contextLength, expected));
  }
  const seen = new Set<number>();
  const last = step.candidates.length - 1;
  const candidates = step.candidates.map((c, j) => {
    if (seen.has(c.id)) problem(message('rfDuplicate', { n, id: c.id }));
    seen.add(c.id);
    // The engine leaves the running sum undefined only for a chosen token that it appended after
    // the top list, which is always the last candidate.
    const sum = c.cumulative;
    if ((sum === null || Number.isNaN(sum)) && !(j === last && c.id === step.tokenId)) {
      const place = message('rfCandidate', { place: message('rfStep', { n }), n: j + 1 });
      problem(found(place, 'cumulative', sum, message('rfExpectProbability')));
    }
    const { id, logit, prob, probAtT1, eligible } = c;
    const cumulative = sum ?? Number.NaN;
    return { id, logit, prob, probAtT1, cumulative, eligible, token: vocab.viewToken(id) };
  });
  if (!seen.has(step.tokenId)) {
    problem(message('rfChosenMissing', { n, id: step.tokenId }));
  }
  return {
    step: n,
    tokenId: step.tokenId,
    token: vocab.viewToken(step.tokenId),
    contextLength,
    candidates,
    entropy: step.entropy,
    eligibleCount: step.eligibleCount,
    chosenProb: step.chosenProb,
    // Optional: a run recorded without them leaves them out (no key at all, as before).
    ...(step.chosenRank === undefined ? {} : { chosenRank: step.chosenRank }),
    ...(step.eligibleMass === undefined ? {} : { eligibleMass: step.eligibleMass }),
    temperature: step.temperature,
    forced: step.forced,
    modelMs: step.modelMs,
    totalMs: step.totalMs,
  };
}

/**
 * A run's recorded fields, as valid as a schema and these checks can make them: the same for an
 * imported file and for a saved run. Throws a FileProblem naming the first problem.
 */
function readRecordedRun(parsed: RecordedRun): Omit<Run, 'id' | 'createdAt' | 'imported'> {
  const { promptIds, config: c, parent } = parsed;
  // The run's model's vocabulary (GPT-2's, or its own where the page holds it) views its tokens.
  const vocab = vocabularyOf(parsed.modelId);
  // The ids are what the model read: text that disagrees with them would mislabel the run.
  const decoded = vocab.decode(promptIds);
  const config: GenerationConfig = { maxSteps: c.maxSteps, sampling: { ...c.sampling } };
  if (c.candidateCount !== undefined) config.candidateCount = c.candidateCount;
  if (c.cache === false) config.cache = false;
  return {
    modelId: parsed.modelId,
    backend: parsed.backend,
    prompt: parsed.prompt === decoded ? parsed.prompt : decoded,
    promptIds,
    config,
    steps: parsed.steps.map((step, i) => readStep(step, i, promptIds.length, vocab)),
    stopReason: parsed.stopReason,
    prefillMs: parsed.prefillMs,
    parent: parent && { runId: parent.runId, step: parent.step, tokenId: parent.tokenId },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The schemas a recorded run is checked by: GPT-2's id limits, unless its model is one the page
 * holds a vocabulary of its own for (vocabularies.ts).
 */
function schemasFor(run: unknown) {
  const modelId = isObject(run) && typeof run.modelId === 'string' ? run.modelId : null;
  return runSchemas(vocabularyOf(modelId).kind === 'gpt2');
}

/** Runs one of the reading steps above: its result, or the problem it found as the reason. */
function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false; reason: Message } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof FileProblem) return { ok: false, reason: error.reason };
    // Not expected; still an answer rather than a half-imported run or an exception in the UI.
    return {
      ok: false,
      reason: message('rfUnreadable', { detail: String(error).slice(0, 120) }),
    };
  }
}

/**
 * A saved run's recorded fields (the stored value, read as it is: no rounding), or the first
 * problem found. The saved run's identity is the caller's to check.
 */
export function readSavedRun(
  saved: unknown,
):
  { ok: true; value: Omit<Run, 'id' | 'createdAt' | 'imported'> } | { ok: false; reason: Message } {
  return attempt(() => {
    const { recordedRunSchema } = schemasFor(saved);
    const result = v.safeParse(recordedRunSchema, saved, { abortEarly: true });
    if (!result.success) return problem(issueText(result.issues[0]));
    return readRecordedRun(result.output);
  });
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

const formatBytes = (n: number): Message =>
  n >= 1024 * 1024
    ? message('rfMegabytes', { n: +(n / (1024 * 1024)).toFixed(1) })
    : message('rfBytes', { n });

/** Checks a run file completely: a whole, valid run with a new id, or the first problem found. */
export function parseRunFile(text: string, maxBytes: number = MAX_RUN_FILE_BYTES): ParseResult {
  if (exceedsBytes(text, maxBytes)) {
    return { ok: false, reason: message('rfTooLarge', { size: formatBytes(maxBytes) }) };
  }
  const parsed = parseFileJson(text);
  if (!parsed.ok) return parsed;
  const { json } = parsed;
  const read = attempt(() => {
    // The format and version, checked first: a file of another app or version says so plainly.
    const header = checkFileHeader(json, RUN_FILE_FORMAT, RUN_FILE_VERSION);
    if (!header.ok) return problem(header.reason);
    const run: unknown = isObject(json) && Object.hasOwn(json, 'run') ? json.run : undefined;
    const { runFileSchema } = schemasFor(run);
    const result = v.safeParse(runFileSchema, json, { abortEarly: true });
    if (!result.success) return problem(issueText(result.issues[0]));
    return readRecordedRun(result.output.run);
  });
  if (!read.ok) return read;
  const now = Date.now();
  return { ok: true, run: { ...read.value, id: newRunId(now), createdAt: now, imported: true } };
}
