/**
 * Strategy run files: the beam search, Jacobi or speculative run on screen as JSON, so that it can
 * be replayed in another browser without any model, as chain runs can (runFile.ts). This file
 * writes them and names the format; strategyFileParse.ts reads them back (and saved runs, which
 * keep the same `run` object). Numbers are written as the page holds them (float64, exactly
 * read back): a strategy run is small beside a chain run's candidates at every step.
 */
import type { BeamStep } from '../engine/strategies/beamRecord';
import type { JacobiRound } from '../engine/strategies/jacobi';
import type { SpeculativeRound } from '../engine/strategies/speculative';
import { decodeTokens } from '../engine/tokenizer';
import type { StrategyOutcome, StrategySettings } from '../worker/protocol';
import type { StrategyProblem, StrategyRun } from './strategyStore';

export const STRATEGY_FILE_FORMAT = 'stepwise-strategy-run';
export const STRATEGY_FILE_VERSION = 1;

/** The settings as written: speculative decoding's draft by its model id, not its spec. */
export type StrategySettingsJson =
  | Exclude<StrategySettings, { strategy: 'speculative' }>
  | (Omit<Extract<StrategySettings, { strategy: 'speculative' }>, 'draft'> & { draft: string });

/**
 * A strategy run as a file and saved state hold it: the page's run without what belongs to the
 * page (its worker request, a draft still loading); `prompt` is for people reading the file
 * (import re-derives it from the ids).
 */
export interface StrategyRunJson {
  modelId: string;
  prompt: string;
  promptIds: number[];
  status: StrategyRun['status'];
  problem: StrategyProblem | null;
  settings: StrategySettingsJson;
  beamSteps?: BeamStep[];
  rounds?: JacobiRound[];
  specRounds?: SpeculativeRound[];
  outcome: StrategyOutcome | null;
}

export interface StrategyFileJson {
  format: typeof STRATEGY_FILE_FORMAT;
  version: number;
  exportedAt: string;
  app: string;
  run: StrategyRunJson;
}

const settingsJson = (s: StrategySettings): StrategySettingsJson =>
  s.strategy === 'speculative' ? { ...s, draft: s.draft.id } : { ...s };

/** The run's own object for a file or the saved state: only its strategy's rounds. */
export function strategyRunJson(run: StrategyRun): StrategyRunJson {
  const { settings } = run;
  return {
    modelId: run.modelId,
    prompt: decodeTokens(run.promptIds),
    promptIds: [...run.promptIds],
    status: run.status,
    problem: run.problem,
    settings: settingsJson(settings),
    ...(settings.strategy === 'beam'
      ? { beamSteps: run.beamSteps }
      : settings.strategy === 'jacobi'
        ? { rounds: run.rounds }
        : { specRounds: run.specRounds }),
    outcome: run.outcome,
  };
}

/** Lists of numbers and objects of plain values are written on one line each. */
const isPlain = (value: unknown): boolean =>
  value === null || typeof value !== 'object' || (Array.isArray(value) && value.every(isPlain));

const oneLine = (value: unknown): boolean =>
  isPlain(value) || (!Array.isArray(value) && Object.values(value ?? {}).every(isPlain));

/** Pretty JSON with short objects and lists of numbers on one line: readable, and small. */
function writeJson(value: unknown, indent: string): string {
  if (oneLine(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => inner + writeJson(item, inner));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value ?? {}).filter(([, item]) => item !== undefined);
  const items = entries.map(
    ([k, item]) => `${inner}${JSON.stringify(k)}: ${writeJson(item, inner)}`,
  );
  return `{\n${items.join(',\n')}\n${indent}}`;
}

/** The run as a strategy run file (deterministic JSON, the same run gives the same text). */
export function exportStrategyRun(
  run: StrategyRun,
  appVersion: string,
  now: number = Date.now(),
): string {
  const file: StrategyFileJson = {
    format: STRATEGY_FILE_FORMAT,
    version: STRATEGY_FILE_VERSION,
    exportedAt: new Date(now).toISOString(),
    app: appVersion,
    run: strategyRunJson(run),
  };
  return `${writeJson(file, '')}\n`;
}

/** A download name such as `stepwise-beam-tiny-gpt2-2026-12-03.json` (the UTC date of `now`). */
export function strategyFileName(run: StrategyRun, now: number = Date.now()): string {
  const model = run.modelId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const date = new Date(now).toISOString().slice(0, 10);
  return `stepwise-${run.settings.strategy}-${model.slice(0, 40) || 'model'}-${date}.json`;
}
