/**
 * A run file's first problem as one dictionary message naming where it is, what it found and
 * what was expected: "step 3: candidate 2 has probability 1.7, expected 0–1", in either language.
 */
import type * as v from 'valibot';
import type { MessageKey } from '../i18n/en';
import { enRunFile } from '../i18n/en-runfile';
import { message, type Message } from '../i18n/message';
import { foundSentence, issueSentence, type IssueWords } from './issueSentence';
import { runFileExpected } from './runFileExpected';

// The readers of both kinds of file describe found values from here, as before it was shared.
export { describe } from './issueSentence';

type FieldKey = Extract<keyof typeof enRunFile, `rf_${string}`>;

const isFieldKey = (key: string): key is FieldKey => Object.hasOwn(enRunFile, key);

/** A field's name, as the sentences say it; a field the dictionary does not know, quoted. */
export function label(key: string): Message {
  const known = `rf_${key}`;
  return isFieldKey(known) ? message(known) : message('rfField', { name: key });
}

/** The objects that are places of their own. */
const PLACES: Readonly<Record<string, MessageKey>> = {
  run: 'rfRun',
  config: 'rfConfig',
  sampling: 'rfSampling',
  parent: 'rfParent',
};

/** What a field of `place` holds against what was expected: "has top-p 1.5", "lacks prompt". */
export function found(place: Message, key: string, value: unknown, expected: Message): Message {
  return foundSentence(place, label(key), value, expected);
}

type PathItem = v.IssuePathItem;

/** Where a path leads: "the file", "the run", "step 3", "step 3: candidate 2", "prompt token 5". */
function place(path: readonly PathItem[]): Message {
  let where = message('rfFile');
  let container = '';
  for (const item of path) {
    const key = item.key;
    if (typeof key === 'number') {
      const n = key + 1;
      if (container === 'steps') where = message('rfStep', { n });
      else if (container === 'candidates') where = message('rfCandidate', { place: where, n });
      else if (container === 'promptIds') where = message('rfPromptToken', { n });
      else where = message('rfItem', { place: where, n });
    } else {
      container = String(key);
      if (Object.hasOwn(PLACES, container)) where = message(PLACES[container]);
    }
  }
  return where;
}

const WORDS: IssueWords = { label, place, expected: runFileExpected };

/** A run file's or saved run's first schema issue as a message. */
export function issueText(issue: v.BaseIssue<unknown>): Message {
  return issueSentence(issue, issue.path ?? [], WORDS);
}
