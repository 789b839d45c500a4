/**
 * The user's settings against the table of limits (engine/limits.ts): a schema for each setting,
 * what each expects as a dictionary message, and which settings are out of range now. The settings
 * form, URL parameters, saved settings and the action that starts a run all use these, so none of
 * them lets through a value another refuses.
 */
import * as v from 'valibot';
import { LIMITS, rangeSchema, STRATEGIES, type Limit } from '../engine/limits';
import { modelFromId } from '../engine/modelCatalog';
import type { SamplingParams } from '../engine/sampling';
import { message, type Message } from '../i18n/message';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export const EXECUTION_PREFERENCES = ['auto', 'webgpu', 'wasm'] as const;

/** The settings the form edits as numbers. */
export const NUMBER_SETTINGS = ['steps', 'temperature', 'topK', 'topP', 'minP', 'seed'] as const;
export type NumberSetting = (typeof NUMBER_SETTINGS)[number];

/** What a value within `limit` is, for the user: "an integer from 1 to 1024". */
export function expectedMessage(limit: Limit): Message {
  const { min, max } = limit;
  if (limit.aboveMin) return message('urlNumberAbove', { min, max });
  if (limit.integer && limit.off === min) return message('urlIntegerOff', { min, max });
  return message(limit.integer ? 'urlInteger' : 'urlNumber', { min, max });
}

export const knownModelSchema = v.pipe(
  v.string(),
  v.check((id) => modelFromId(id) !== null),
);
export const promptSchema = v.pipe(v.string(), v.maxLength(LIMITS.promptChars.max));

/** Each setting's schema, by its key in the settings (sampling's fields included). */
const SETTING_SCHEMAS = new Map<string, v.GenericSchema>([
  ['modelId', knownModelSchema],
  ['prompt', promptSchema],
  ['steps', rangeSchema(LIMITS.steps)],
  ['ep', v.picklist(EXECUTION_PREFERENCES)],
  ['lang', v.picklist(LANGUAGES)],
  ['speed', rangeSchema(LIMITS.speed)],
  ['keepRecent', v.boolean()],
  ['strategy', v.picklist(STRATEGIES)],
  ['temperature', rangeSchema(LIMITS.temperature)],
  ['topK', rangeSchema(LIMITS.topK)],
  ['topP', rangeSchema(LIMITS.topP)],
  ['minP', rangeSchema(LIMITS.minP)],
  ['seed', rangeSchema(LIMITS.seed)],
]);

/**
 * Whether `value` can stand for the setting `key`: its schema where the table has one, else a
 * value of the same type as `fallback` (a finite one for numbers).
 */
export function fitsSetting(key: string, value: unknown, fallback: unknown): boolean {
  const schema = SETTING_SCHEMAS.get(key);
  if (schema) return v.is(schema, value);
  return typeof value === typeof fallback && (typeof value !== 'number' || Number.isFinite(value));
}

/** The number settings that are out of range, in the form's order. */
export function settingProblems(settings: {
  steps: number;
  sampling: SamplingParams;
}): NumberSetting[] {
  const values: Record<NumberSetting, number> = {
    steps: settings.steps,
    ...settings.sampling,
    minP: settings.sampling.minP ?? LIMITS.minP.default,
  };
  return NUMBER_SETTINGS.filter((name) => !fitsSetting(name, values[name], 0));
}
