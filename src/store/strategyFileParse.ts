/**
 * Reading a strategy run back, from a file or from saved state. Both are untrusted input: the
 * shape is checked by the schema of the run's own strategy (strategyFileSchema.ts), what a schema
 * cannot say is checked by strategyFileChecks.ts, and the result is a run the views can draw without a model. Token
 * labels are never read from the file: the views derive them from the ids.
 */
import * as v from 'valibot';
import { modelFromId } from '../engine/modelCatalog';
import { message, type Message } from '../i18n/message';
import { MAX_RUN_FILE_BYTES } from './runFileParse';
import { checkFileHeader, parseFileJson } from './fileHeader';
import { STRATEGY_FILE_FORMAT, STRATEGY_FILE_VERSION } from './strategyFile';
import {
  beamOutcome,
  beamSteps,
  FileProblem,
  jacobiOutcome,
  jacobiRounds,
  problem,
  specRounds,
} from './strategyFileChecks';
import { expectedOf, foundIn, strategyIssueText } from './strategyFileIssue';
import {
  runSchemasFor,
  strategyFileSchema,
  strategyHeadSchema,
  type ParsedBeamRun,
  type ParsedJacobiRun,
  type ParsedSpecRun,
} from './strategyFileSchema';
import type { StrategyProblem, StrategyRun } from './strategyStore';
import { vocabularyOf } from './vocabularies';

export type StrategyParseResult = { ok: true; run: StrategyRun } | { ok: false; reason: Message };

// ——— every strategy ———

/** The run's problem as the page holds it; each kind with the fields it reads. */
function readProblem(p: ParsedBeamRun['problem']): StrategyProblem | null {
  if (!p) return null;
  const place = message('sfProblem');
  if (p.kind === 'too_long') {
    if (p.count === undefined)
      problem(foundIn(place, 'count', undefined, message('rfExpectObject')));
    if (p.limit === undefined)
      problem(foundIn(place, 'limit', undefined, message('rfExpectObject')));
    return { kind: 'too_long', count: p.count, limit: p.limit };
  }
  if (p.kind === 'failed') return { kind: 'failed', detail: p.detail ?? '' };
  if (p.kind === 'draft_misfit' || p.kind === 'draft_tokens') {
    if (p.draft === undefined)
      problem(foundIn(place, 'draft', undefined, message('rfExpectObject')));
    if (p.kind === 'draft_tokens') return { kind: p.kind, draft: p.draft };
    if (p.vocab === undefined)
      problem(foundIn(place, 'vocab', undefined, message('rfExpectObject')));
    return { kind: p.kind, draft: p.draft, vocab: p.vocab };
  }
  return { kind: p.kind };
}

/**
 * The run as the page shows it: a run that was still running (saved state of a closed page) is
 * stopped there, after its last whole round; it belongs to no request of this page's worker.
 */
function pageRun(
  parsed: ParsedBeamRun | ParsedJacobiRun | ParsedSpecRun,
  rounds: Pick<StrategyRun, 'settings' | 'beamSteps' | 'rounds' | 'specRounds' | 'outcome'>,
): StrategyRun {
  const status = parsed.status === 'running' ? 'stopped' : parsed.status;
  if (status === 'done' && !rounds.outcome) problem(message('sfDoneNoOutcome'));
  return {
    requestId: -1,
    modelId: parsed.modelId,
    promptIds: parsed.promptIds,
    status,
    draftLoad: null,
    problem: readProblem(parsed.problem),
    ...rounds,
  };
}

/**
 * The schemas a run is checked by: GPT-2's token ids, unless its model is one the page holds a
 * vocabulary of its own for (vocabularies.ts; saved and imported runs find it first).
 */
function schemasOf(value: unknown) {
  const modelId =
    typeof value === 'object' && value !== null && 'modelId' in value ? value.modelId : null;
  return runSchemasFor(vocabularyOf(typeof modelId === 'string' ? modelId : null).kind === 'gpt2');
}

/** A run object (a file's `run`, or saved state) read as its strategy's; throws a FileProblem. */
function readRun(value: unknown): StrategyRun {
  const head = v.safeParse(strategyHeadSchema, value, { abortEarly: true });
  if (!head.success) return problem(strategyIssueText(head.issues[0]));
  const { strategy } = head.output.settings;
  const schemas = schemasOf(value);
  if (strategy === 'beam') {
    const run = parse(schemas.beam, value);
    const steps = beamSteps(run);
    const outcome = beamOutcome(run);
    return pageRun(run, {
      settings: run.settings,
      beamSteps: steps,
      rounds: [],
      specRounds: [],
      outcome,
    });
  }
  if (strategy === 'jacobi') {
    const run = parse(schemas.jacobi, value);
    const settings = { ...run.settings };
    if (settings.promptLookup === undefined) delete settings.promptLookup;
    return pageRun(run, {
      settings,
      beamSteps: [],
      rounds: jacobiRounds(run),
      specRounds: [],
      outcome: jacobiOutcome(run),
    });
  }
  const run = parse(schemas.speculative, value);
  const { sampling, draft: draftId, ...rest } = run.settings;
  const draft = modelFromId(draftId);
  if (!draft) {
    return problem(foundIn(message('sfSettings'), 'draft', draftId, message('rfExpectModelId')));
  }
  const settings = { ...rest, draft, ...(sampling ? { sampling } : {}) };
  const rounds = specRounds(run);
  return pageRun(run, {
    settings,
    beamSteps: [],
    rounds: [],
    specRounds: rounds,
    outcome: run.outcome,
  });
}

function parse<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (!result.success) problem(strategyIssueText(result.issues[0]));
  return result.output;
}

function attempt(read: () => StrategyRun): StrategyParseResult {
  try {
    return { ok: true, run: read() };
  } catch (error) {
    if (error instanceof FileProblem) return { ok: false, reason: error.reason };
    return { ok: false, reason: message('rfUnreadable', { detail: String(error).slice(0, 120) }) };
  }
}

/** A saved strategy run (the stored `run` object), checked as a file's would be. */
export const readSavedStrategyRun = (saved: unknown): StrategyParseResult =>
  attempt(() => readRun(saved));

/** Whether a file's text names the strategy run format (its `format` field, unescaped). */
export const isStrategyFileText = (text: string): boolean =>
  new RegExp(`"format"\\s*:\\s*"${STRATEGY_FILE_FORMAT}"`).test(text);

/** Checks a strategy run file completely: a whole run the views can draw, or the first problem. */
export function parseStrategyFile(
  text: string,
  maxBytes: number = MAX_RUN_FILE_BYTES,
): StrategyParseResult {
  // UTF-16 units: at most the bytes, so a file under the limit is never refused here.
  if (text.length > maxBytes) {
    return {
      ok: false,
      reason: message('rfTooLarge', {
        size: message('rfMegabytes', { n: +(maxBytes / 2 ** 20).toFixed(1) }),
      }),
    };
  }
  const parsed = parseFileJson(text);
  if (!parsed.ok) return parsed;
  return attempt(() => {
    const header = checkFileHeader(parsed.json, STRATEGY_FILE_FORMAT, STRATEGY_FILE_VERSION);
    if (!header.ok) return problem(header.reason);
    const json = header.file;
    const file = v.safeParse(strategyFileSchema(STRATEGY_FILE_VERSION), json, { abortEarly: true });
    if (!file.success) {
      const issue = file.issues[0];
      const path = issue.path ?? [];
      // Inside `run`, the run's own places; the file's header fields otherwise.
      if (path[0]?.key === 'run') return problem(strategyIssueText(issue, path.slice(1)));
      const last = path.at(-1);
      const key = String(last?.key ?? 'format');
      return problem(foundIn(message('rfFile'), key, last?.value, expectedOf(issue.message)));
    }
    return readRun(Reflect.get(json, 'run'));
  });
}
