/**
 * What a run-file schema expected, as a dictionary message. The schemas (runFileSchema.ts, and the
 * settings' schemas of engine/limits.ts that the worker also answers with) say it in English, the
 * language of their own errors; each kind of expectation they write is read back here.
 */
import type { MessageKey } from '../i18n/en';
import { message, type Message } from '../i18n/message';
import { EXPECTED } from './runFileSchema';

const FIXED: ReadonlyMap<string, Message> = new Map([
  [EXPECTED.probability, message('rfExpectProbability')],
  [EXPECTED.boolean, message('rfExpectBoolean')],
  [EXPECTED.finite, message('rfExpectFinite')],
  [EXPECTED.runId, message('rfExpectRunId')],
  [EXPECTED.modelId, message('rfExpectModelId')],
  ['an object', message('rfExpectObject')],
]);

/** The words a list's expectation names, back to the field they stand for. */
const LISTS: Readonly<Record<string, MessageKey>> = {
  [EXPECTED.listOf.candidates]: 'rf_candidates',
  [EXPECTED.listOf.promptIds]: 'rf_promptIds',
  [EXPECTED.listOf.steps]: 'rf_steps',
};

const NUMBER = String.raw`(-?[\d.]+(?:e[+-]?\d+)?)`;
/** describeLimit's two forms: "an integer 0–50256", "a number in (0, 1]". */
const RANGE = new RegExp(`^(an integer|a number) ${NUMBER}–${NUMBER}$`);
const ABOVE = new RegExp(`^(?:an integer|a number) in \\(${NUMBER}, ${NUMBER}\\]$`);
const TEXT = /^text of at most (\d+) characters$/;
const LIST = /^a list of (.+)$/;
/** A picklist's options: `"webgpu", "wasm", null`. */
const OPTIONS = /^(?:"[^"]*"|null)(?:, (?:"[^"]*"|null))*$/;

/** The expectation `text` (a schema's message) as a message; unknown text is kept as it is. */
export function runFileExpected(text: string): Message {
  const fixed = FIXED.get(text);
  if (fixed) return fixed;
  const range = RANGE.exec(text);
  if (range) {
    const [, kind, min, max] = range;
    return message(kind === 'an integer' ? 'urlInteger' : 'urlNumber', { min, max });
  }
  const above = ABOVE.exec(text);
  if (above) return message('urlNumberAbove', { min: above[1], max: above[2] });
  const chars = TEXT.exec(text);
  if (chars) return message('urlTextMax', { max: chars[1] });
  const list = LIST.exec(text);
  if (list && Object.hasOwn(LISTS, list[1])) {
    return message('rfExpectList', { what: message(LISTS[list[1]]) });
  }
  if (OPTIONS.test(text)) return message('rfExpectOneOf', { options: text });
  return message('rfExpectText', { text });
}
