/**
 * URL parameters are a public interface (teachers share links, Playwright drives runs). Each
 * valid one overrides a setting; each invalid one is ignored and named in a notice.
 */
import { modelFromId } from '../engine/modelCatalog';
import type { Strategy } from '../engine/sampling';
import { message, type Message } from '../i18n/message';
import type { ExecutionPreference } from '../worker/protocol';

export type Language = 'en' | 'zh-CN';

export interface UrlOverrides {
  modelId?: string;
  prompt?: string;
  steps?: number;
  strategy?: Strategy;
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
  ep?: ExecutionPreference;
  lang?: Language;
  autoplay: boolean;
}

export interface ParsedUrl {
  overrides: UrlOverrides;
  /** Parameters that were present but unusable, with what was expected instead. */
  invalid: { name: string; value: string; reason: Message }[];
}

export const MAX_STEPS = 1024;

const or = (...choices: string[]): Message =>
  choices.length === 2
    ? message('urlOr2', { a: choices[0], b: choices[1] })
    : message('urlOr3', { a: choices[0], b: choices[1], c: choices[2] });

const isIntegerText = (v: string): boolean => /^-?\d+$/.test(v.trim());

export function parseUrlParams(search: string): ParsedUrl {
  const params = new URLSearchParams(search);
  const overrides: UrlOverrides = { autoplay: false };
  const invalid: ParsedUrl['invalid'] = [];
  const read = (name: string, parse: (value: string) => Message | null): void => {
    const value = params.get(name);
    if (value === null) return;
    const reason = parse(value);
    if (reason) invalid.push({ name, value, reason });
  };

  read('model', (v) => {
    if (!modelFromId(v)) return message('urlKnownModel');
    overrides.modelId = v;
    return null;
  });
  read('prompt', (v) => {
    overrides.prompt = v;
    return null;
  });
  read('steps', (v) => {
    const n = Number(v);
    if (!isIntegerText(v) || n < 1 || n > MAX_STEPS)
      return message('urlInteger', { min: 1, max: MAX_STEPS });
    overrides.steps = n;
    return null;
  });
  read('strategy', (v) => {
    if (v !== 'greedy' && v !== 'sample') return or('greedy', 'sample');
    overrides.strategy = v;
    return null;
  });
  read('temperature', (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 10)
      return message('urlNumber', { min: 0, max: 10 });
    overrides.temperature = n;
    return null;
  });
  read('topK', (v) => {
    const n = Number(v);
    if (!isIntegerText(v) || n < 0 || n > 50257) return message('urlIntegerOff', { max: 50257 });
    overrides.topK = n;
    return null;
  });
  read('topP', (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) return message('urlTopP');
    overrides.topP = n;
    return null;
  });
  read('seed', (v) => {
    const n = Number(v);
    if (!isIntegerText(v) || n < 0 || n > 4294967295)
      return message('urlInteger', { min: 0, max: 4294967295 });
    overrides.seed = n;
    return null;
  });
  read('ep', (v) => {
    if (v !== 'auto' && v !== 'webgpu' && v !== 'wasm') return or('auto', 'webgpu', 'wasm');
    overrides.ep = v;
    return null;
  });
  read('lang', (v) => {
    if (v !== 'en' && v !== 'zh-CN') return or('en', 'zh-CN');
    overrides.lang = v;
    return null;
  });
  read('autoplay', (v) => {
    if (v !== '1' && v !== '0') return or('1', '0');
    overrides.autoplay = v === '1';
    return null;
  });
  return { overrides, invalid };
}
