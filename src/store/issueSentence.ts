/**
 * The sentences that say a file's first problem: "step 3: candidate 2 has probability 1.7,
 * expected 0–1". Run files (runFileIssue.ts) and strategy run files (strategyFileIssue.ts) say
 * them alike and differ only in how they name places, fields and expectations, so those are
 * passed in and the sentences are built here once.
 */
import type * as v from 'valibot';
import { message, type Message, type MessageParam } from '../i18n/message';

/** A found value, short: strings quoted and cut, lists and objects named. */
export function describe(value: unknown): MessageParam {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return message('rfValueList');
  if (typeof value === 'object' && value !== null) return message('rfValueObject');
  return String(value);
}

/** What `field` of `place` holds against what was expected: "has top-p 1.5", "lacks prompt". */
export function foundSentence(
  place: Message,
  field: Message,
  value: unknown,
  expected: Message,
): Message {
  if (value === undefined) return message('rfLacks', { place, field, expected });
  const shown = describe(value);
  // A list or an object is named in words, which some languages join differently.
  const sentence = typeof shown === 'object' ? 'rfHasKind' : 'rfHas';
  return message(sentence, { place, field, value: shown, expected });
}

/** How one kind of file names what its sentences speak of. */
export interface IssueWords {
  /** A field's name. */
  label: (key: string) => Message;
  /** Where a path leads. */
  place: (path: readonly v.IssuePathItem[]) => Message;
  /** A schema's expectation (its issue message) as a message. */
  expected: (text: string) => Message;
}

/** A schema's issue at `path` as one sentence, in the words of its kind of file. */
export function issueSentence(
  issue: v.BaseIssue<unknown>,
  path: readonly v.IssuePathItem[],
  words: IssueWords,
): Message {
  const last = path.at(-1);
  const value = last ? last.value : issue.input;
  if (issue.type === 'min_length' || issue.type === 'max_length') {
    // A list of the wrong length: the path leads to the list itself.
    const n = Number(issue.received);
    const bound = String(issue.requirement);
    const what = words.label(String(last?.key ?? 'items'));
    const where = words.place(path.slice(0, -1));
    if (issue.type === 'max_length') {
      return message('rfCountHigh', { place: where, n, what, max: bound });
    }
    return n === 0
      ? message('rfCountNone', { place: where, what, min: bound })
      : message('rfCountLow', { place: where, n, what, min: bound });
  }
  const expected = words.expected(issue.message);
  if (!last || typeof last.key === 'number') {
    const shown = describe(value);
    const key = typeof shown === 'object' ? 'rfIsKind' : 'rfIs';
    return message(key, { place: words.place(path), value: shown, expected });
  }
  return foundSentence(
    words.place(path.slice(0, -1)),
    words.label(String(last.key)),
    value,
    expected,
  );
}
