/**
 * A run file's first problem as one dictionary message naming where it is, what it found and
 * what was expected: "step 3: candidate 2 has probability 1.7, expected 0–1", in either language.
 */
import type * as v from 'valibot';
import type { MessageKey } from '../i18n/en';
import { enRunFile } from '../i18n/en-runfile';
import { message, type Message, type MessageParam } from '../i18n/message';
import { runFileExpected } from './runFileExpected';

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

/** A found value, short: strings quoted and cut, lists and objects named. */
export function describe(value: unknown): MessageParam {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return message('rfValueList');
  if (typeof value === 'object' && value !== null) return message('rfValueObject');
  return String(value);
}

/** What a field of `place` holds against what was expected: "has top-p 1.5", "lacks prompt". */
export function found(place: Message, key: string, value: unknown, expected: Message): Message {
  const field = label(key);
  if (value === undefined) return message('rfLacks', { place, field, expected });
  const shown = describe(value);
  // A list or an object is named in words, which some languages join differently.
  const sentence = typeof shown === 'object' ? 'rfHasKind' : 'rfHas';
  return message(sentence, { place, field, value: shown, expected });
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

export function issueText(issue: v.BaseIssue<unknown>): Message {
  const path = issue.path ?? [];
  const last = path.at(-1);
  const value = last ? last.value : issue.input;
  if (issue.type === 'min_length' || issue.type === 'max_length') {
    // A list of the wrong length: the path leads to the list itself.
    const n = Number(issue.received);
    const bound = String(issue.requirement);
    const what = label(String(last?.key ?? 'items'));
    const where = place(path.slice(0, -1));
    if (issue.type === 'max_length') {
      return message('rfCountHigh', { place: where, n, what, max: bound });
    }
    return n === 0
      ? message('rfCountNone', { place: where, what, min: bound })
      : message('rfCountLow', { place: where, n, what, min: bound });
  }
  const expected = runFileExpected(issue.message);
  if (!last || typeof last.key === 'number') {
    const shown = describe(value);
    const key = typeof shown === 'object' ? 'rfIsKind' : 'rfIs';
    return message(key, { place: place(path), value: shown, expected });
  }
  return found(place(path.slice(0, -1)), String(last.key), value, expected);
}
