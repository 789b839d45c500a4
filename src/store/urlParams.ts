/**
 * URL parameters are a public interface (teachers share links, Playwright drives runs). Each
 * valid one overrides a setting; each invalid one is ignored and named in a notice.
 */
import { modelFromId } from '../engine/modelCatalog';
import type { Strategy } from '../engine/sampling';
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
  /** Parameters that were present but unusable, with the reason. */
  invalid: { name: string; value: string; reason: string }[];
}

export const MAX_STEPS = 1024;

const isIntegerText = (v: string): boolean => /^-?\d+$/.test(v.trim());

export function parseUrlParams(search: string): ParsedUrl {
  const params = new URLSearchParams(search);
  const overrides: UrlOverrides = { autoplay: false };
  const invalid: ParsedUrl['invalid'] = [];
  const read = (name: string, parse: (value: string) => string | null): void => {
    const value = params.get(name);
    if (value === null) return;
    const reason = parse(value);
    if (reason) invalid.push({ name, value, reason });
  };

  read('model', (v) => {
    if (!modelFromId(v)) return 'unknown model id';
    overrides.modelId = v;
    return null;
  });
  read('prompt', (v) => {
    overrides.prompt = v;
    return null;
  });
  read('steps', (v) => {
    const n = Number(v);
    if (!isIntegerText(v) || n < 1 || n > MAX_STEPS) return `an integer from 1 to ${MAX_STEPS}`;
    overrides.steps = n;
    return null;
  });
  read('strategy', (v) => {
    if (v !== 'greedy' && v !== 'sample') return 'greedy or sample';
    overrides.strategy = v;
    return null;
  });
  read('temperature', (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 10) return 'a number from 0 to 10';
    overrides.temperature = n;
    return null;
  });
  read('topK', (v) => {
    const n = Number(v);
    if (!isIntegerText(v) || n < 0 || n > 50257) return 'an integer from 0 (off) to 50257';
    overrides.topK = n;
    return null;
  });
  read('topP', (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) return 'a number in (0, 1]';
    overrides.topP = n;
    return null;
  });
  read('seed', (v) => {
    const n = Number(v);
    if (!isIntegerText(v) || n < 0 || n > 4294967295) return 'an integer from 0 to 4294967295';
    overrides.seed = n;
    return null;
  });
  read('ep', (v) => {
    if (v !== 'auto' && v !== 'webgpu' && v !== 'wasm') return 'auto, webgpu or wasm';
    overrides.ep = v;
    return null;
  });
  read('lang', (v) => {
    if (v !== 'en' && v !== 'zh-CN') return 'en or zh-CN';
    overrides.lang = v;
    return null;
  });
  read('autoplay', (v) => {
    if (v !== '1' && v !== '0') return '1 or 0';
    overrides.autoplay = v === '1';
    return null;
  });
  return { overrides, invalid };
}
