/**
 * A run file's first problem as one English sentence naming where it is, what it found and what
 * was expected: "step 3: candidate 2 has probability 1.7, expected 0–1".
 */
import type * as v from 'valibot';

/** Names of the fields, as the sentences say them. */
const LABELS: Readonly<Record<string, string>> = {
  exportedAt: 'export time',
  app: 'app version',
  modelId: 'model id',
  promptIds: 'prompt tokens',
  config: 'settings',
  stopReason: 'stop reason',
  prefillMs: 'prefill time',
  maxSteps: 'step budget',
  candidateCount: 'candidate count',
  topK: 'top-k',
  topP: 'top-p',
  runId: 'run id',
  tokenId: 'token id',
  contextLength: 'context length',
  eligibleCount: 'eligible count',
  chosenProb: 'chosen probability',
  modelMs: 'model time',
  totalMs: 'step time',
  id: 'token id',
  prob: 'probability',
  probAtT1: 'probability at T = 1',
  cumulative: 'cumulative probability',
};

/** The objects that are places of their own. */
const PLACES: Readonly<Record<string, string>> = {
  run: 'the run',
  config: 'the run settings',
  sampling: 'the sampling settings',
  parent: 'the parent run',
};

const label = (key: string): string => (Object.hasOwn(LABELS, key) ? LABELS[key] : key);

/** A found value, short: strings quoted and cut, lists and objects named. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** What a field holds, said of its object: "lacks prompt", "has top-p 1.5". */
export function found(key: string, value: unknown): string {
  return value === undefined ? `lacks ${label(key)}` : `has ${label(key)} ${describe(value)}`;
}

type PathItem = v.IssuePathItem;

/** Where a path leads: "the file", "the run", "step 3", "step 3: candidate 2", "prompt token 5". */
function place(path: readonly PathItem[]): string {
  let where = 'the file';
  let container = '';
  for (const item of path) {
    const key = item.key;
    if (typeof key === 'number') {
      const n = key + 1;
      if (container === 'steps') where = `step ${n}`;
      else if (container === 'candidates') where = `${where}: candidate ${n}`;
      else if (container === 'promptIds') where = `prompt token ${n}`;
      else where = `${where}, item ${n}`;
    } else {
      container = String(key);
      if (Object.hasOwn(PLACES, container)) where = PLACES[container];
    }
  }
  return where;
}

export function issueText(issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  const last = path.at(-1);
  const value = last ? last.value : issue.input;
  if (issue.type === 'min_length' || issue.type === 'max_length') {
    // A list of the wrong length: the path leads to the list itself.
    const n = Number(issue.received);
    const bound = issue.type === 'min_length' ? 'at least' : 'at most';
    const what = label(String(last?.key ?? 'items'));
    const where = place(path.slice(0, -1));
    return `${where} has ${n === 0 ? 'no' : n} ${what}, expected ${bound} ${String(issue.requirement)}`;
  }
  if (!last || typeof last.key === 'number') {
    return `${place(path)} is ${describe(value)}, expected ${issue.message}`;
  }
  return `${place(path.slice(0, -1))} ${found(String(last.key), value)}, expected ${issue.message}`;
}
