/**
 * A strategy run file's first problem as one dictionary message naming where it is, what it found
 * and what was expected: "beam step 3: item 2 of kept beams has token id 60000, expected an integer
 * 0–50256", in either language. The sentences are those of run files (runFileIssue.ts); the
 * places and field names are the strategies' own (en-strategyfile.ts).
 */
import type * as v from 'valibot';
import type { MessageKey } from '../i18n/en';
import { enRunFile } from '../i18n/en-runfile';
import { enStrategyFile } from '../i18n/en-strategyfile';
import { message, type Message } from '../i18n/message';
import { foundSentence, issueSentence, type IssueWords } from './issueSentence';
import { runFileExpected } from './runFileExpected';

const isKey = (dictionary: object, key: string): key is MessageKey =>
  Object.hasOwn(dictionary, key);

/** A field's name: the strategies' word for it, else the run files', else quoted. */
export function fieldLabel(key: string): Message {
  const own = `sf_${key}`;
  if (isKey(enStrategyFile, own)) return message(own);
  const shared = `rf_${key}`;
  if (isKey(enRunFile, shared)) return message(shared);
  return message('rfField', { name: key });
}

/** The lists whose items are places of their own: "beam step 3", "Jacobi round 2". */
const NUMBERED: Readonly<Record<string, MessageKey>> = {
  beamSteps: 'sfBeamStep',
  rounds: 'sfJacobiRound',
  specRounds: 'sfSpecRound',
  promptIds: 'rfPromptToken',
};

/** The objects that are places of their own. */
const PLACES: Readonly<Record<string, MessageKey>> = {
  settings: 'sfSettings',
  outcome: 'sfOutcome',
  greedy: 'sfGreedy',
  problem: 'sfProblem',
  sampling: 'rfSampling',
};

/** Where a path inside the run leads: "the run", "beam step 3: item 2 of kept beams". */
export function placeOf(path: readonly { key: unknown }[]): Message {
  let where = message('rfRun');
  let container = '';
  for (const { key } of path) {
    if (typeof key === 'number') {
      const n = key + 1;
      if (Object.hasOwn(NUMBERED, container)) where = message(NUMBERED[container], { n });
      else where = message('sfListItem', { place: where, what: fieldLabel(container), n });
    } else {
      container = String(key);
      if (Object.hasOwn(PLACES, container)) where = message(PLACES[container]);
    }
  }
  return where;
}

const LIST = /^a list of (\w+)$/;

/** A schema's expectation as a message: a list named by its field, else as run files say it. */
export function expectedOf(text: string): Message {
  const list = LIST.exec(text);
  if (list) return message('rfExpectList', { what: fieldLabel(list[1]) });
  return runFileExpected(text);
}

/** What a field of `place` holds against what was expected: "has beams 9", "lacks status". */
export function foundIn(place: Message, key: string, value: unknown, expected: Message): Message {
  return foundSentence(place, fieldLabel(key), value, expected);
}

const WORDS: IssueWords = { label: fieldLabel, place: placeOf, expected: expectedOf };

/** The first issue of a strategy run's schema (paths start inside the run) as a message. */
export function strategyIssueText(
  issue: v.BaseIssue<unknown>,
  path: readonly v.IssuePathItem[] = issue.path ?? [],
): Message {
  return issueSentence(issue, path, WORDS);
}
