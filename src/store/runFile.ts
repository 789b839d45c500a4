/**
 * Run files: a recorded run as JSON, so that a teacher can export a run and a class can replay it
 * without any model. This file writes them and names the format; runFileParse.ts reads them back.
 */
import type { CandidateView, StepRecord } from '../engine/generation';
import { float32Digits, microseconds } from './fileNumbers';
import type { Message } from '../i18n/message';
import type { Run } from './run';

export const RUN_FILE_FORMAT = 'stepwise-run';
export const RUN_FILE_VERSION = 1;

/**
 * A candidate as written: its token as text only (`label`, for people reading the file: import
 * re-derives token views from the ids), and `cumulative` null where the engine has NaN (JSON has
 * no NaN). Earlier versions wrote the whole token view as `token`; import reads neither.
 */
export type CandidateJson = Omit<CandidateView, 'cumulative' | 'token'> & {
  label: string;
  cumulative: number | null;
};
export type StepJson = Omit<StepRecord, 'candidates'> & { candidates: CandidateJson[] };
/** `createdAt` is the ISO time the run was recorded, for people reading the file. */
export type RunJson = Omit<Run, 'id' | 'createdAt' | 'steps' | 'imported'> & {
  createdAt: string;
  steps: StepJson[];
};

export interface RunFileJson {
  format: typeof RUN_FILE_FORMAT;
  version: number;
  exportedAt: string;
  app: string;
  run: RunJson;
}

/** A run, or why the file holds none: a dictionary message, shown in the page's language. */
export type ParseResult = { ok: true; run: Run } | { ok: false; reason: Message };

// ——— export ———

/** Values written on one line each: a file of a thousand steps stays readable and half the size. */
const ONE_LINE = new Set(['token', 'promptIds', 'sampling', 'parent', 'candidates[]']);

/** Pretty JSON whose key order is the order the objects were built in, so exports are stable. */
function writeJson(value: unknown, indent: string, key: string): string {
  if (ONE_LINE.has(key)) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v: unknown) => inner + writeJson(v, inner, `${key}[]`));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const items = entries.map(
      ([k, v]) => `${inner}${JSON.stringify(k)}: ${writeJson(v, inner, k)}`,
    );
    return `{\n${items.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

// Model numbers to float32 precision, times to the microsecond (see fileNumbers.ts): a step of a
// long run stays under 4 KB.
const stepJson = (s: StepRecord): StepJson => ({
  step: s.step,
  tokenId: s.tokenId,
  token: s.token,
  contextLength: s.contextLength,
  forced: s.forced,
  chosenProb: float32Digits(s.chosenProb),
  // Both absent in runs recorded before they were; undefined values are not written.
  chosenRank: s.chosenRank,
  eligibleMass: s.eligibleMass === undefined ? undefined : float32Digits(s.eligibleMass),
  entropy: float32Digits(s.entropy),
  eligibleCount: s.eligibleCount,
  temperature: s.temperature,
  modelMs: microseconds(s.modelMs),
  totalMs: microseconds(s.totalMs),
  candidates: s.candidates.map((c) => ({
    id: c.id,
    label: c.token.label,
    logit: float32Digits(c.logit),
    prob: float32Digits(c.prob),
    probAtT1: float32Digits(c.probAtT1),
    cumulative: Number.isNaN(c.cumulative) ? null : float32Digits(c.cumulative),
    eligible: c.eligible,
  })),
});

/** The run as a run file: pretty, deterministic JSON with every step and its candidates. */
export function exportRun(run: Run, appVersion: string, now: number = Date.now()): string {
  const { strategy, temperature, topK, topP, minP, seed } = run.config.sampling;
  const file: RunFileJson = {
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    exportedAt: new Date(now).toISOString(),
    app: appVersion,
    run: {
      modelId: run.modelId,
      createdAt: new Date(run.createdAt).toISOString(),
      backend: run.backend,
      prompt: run.prompt,
      promptIds: [...run.promptIds],
      config: {
        maxSteps: run.config.maxSteps,
        candidateCount: run.config.candidateCount,
        sampling: { strategy, temperature, topK, topP, minP: minP ?? 0, seed },
        cache: run.config.cache === false ? false : undefined,
      },
      stopReason: run.stopReason,
      prefillMs: run.prefillMs === null ? null : microseconds(run.prefillMs),
      parent: run.parent && { ...run.parent },
      steps: run.steps.map(stepJson),
    },
  };
  return `${writeJson(file, '', '')}\n`;
}

/** Lowercase ASCII words joined by dashes, cut at a word boundary; '' when nothing is left. */
function slug(text: string, maxLength: number): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (words.length <= maxLength) return words;
  const cut = words.slice(0, maxLength + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 0 ? cut.slice(0, lastDash) : words.slice(0, maxLength)).replace(/-+$/, '');
}

/** A download name such as `stepwise-tiny-gpt2-once-upon-a-time-2026-11-28.json` (UTC date). */
export function runFileName(run: Run): string {
  const date = new Date(run.createdAt).toISOString().slice(0, 10);
  return `stepwise-${slug(run.modelId, 40) || 'model'}-${slug(run.prompt, 40) || 'run'}-${date}.json`;
}
