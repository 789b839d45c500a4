/**
 * The first reading of a run file or a strategy run file: its text as JSON, then its `format`
 * and `version`, so that a file of another app or a newer version says so plainly before any
 * schema is tried. Both kinds of file open alike (runFileParse.ts, strategyFileParse.ts); each
 * then reads its own schema.
 */
import { message, type Message } from '../i18n/message';
import { describe } from './runFileIssue';

/** The file's text as JSON, or why it is not JSON. */
export function parseFileJson(
  text: string,
): { ok: true; json: unknown } | { ok: false; reason: Message } {
  try {
    // Some editors save a byte-order mark, which JSON.parse refuses.
    return { ok: true, json: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : String(error);
    return { ok: false, reason: message('rfNotJson', { detail }) };
  }
}

/**
 * The file's JSON as a file of `format` up to `version`, or what is wrong with it: not an
 * object, another format, or a newer version.
 */
export function checkFileHeader(
  json: unknown,
  format: string,
  version: number,
): { ok: true; file: object } | { ok: false; reason: Message } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: message('rfNotObject') };
  }
  const found: unknown = Object.hasOwn(json, 'format') ? Reflect.get(json, 'format') : undefined;
  if (found !== format) {
    const expected = JSON.stringify(format);
    return { ok: false, reason: message('rfWrongFormat', { format: describe(found), expected }) };
  }
  const newer: unknown = Object.hasOwn(json, 'version') ? Reflect.get(json, 'version') : undefined;
  if (typeof newer === 'number' && Number.isInteger(newer) && newer > version) {
    return { ok: false, reason: message('rfNewerVersion', { version: newer, supported: version }) };
  }
  return { ok: true, file: json };
}
