import { describe, expect, it } from 'vitest';
import { LIMITS, within } from '../../engine/limits';
import { DEFAULT_SAMPLING } from '../../engine/sampling';
import { translate } from '../../i18n';
import { expectedMessage, NUMBER_SETTINGS, settingProblems } from '../../store/settingsCheck';
import { boundaries } from '../../store/testing/limitBoundaries';
import { inputBounds, NUMBER_FIELDS } from './settingFields';

describe('the settings form', () => {
  it('takes each field’s limits from the table', () => {
    for (const name of NUMBER_SETTINGS) {
      const spec = NUMBER_FIELDS[name];
      expect(spec.limit).toBe(LIMITS[name]);
      const { min, max } = inputBounds(spec);
      expect(max).toBe(LIMITS[name].max);
      // The input's arrows stay within the range, an open minimum included.
      expect(within(spec.limit, min)).toBe(true);
    }
    expect(inputBounds(NUMBER_FIELDS.topP).min).toBe(0.01);
    expect(inputBounds(NUMBER_FIELDS.steps)).toEqual({ min: 1, max: 1024 });
  });

  it.each(NUMBER_SETTINGS)('marks %s invalid exactly where the table refuses it', (name) => {
    const limit = NUMBER_FIELDS[name].limit;
    for (const value of [...boundaries(limit), Number.NaN]) {
      const sampling = { ...DEFAULT_SAMPLING, strategy: 'sample' as const };
      const form =
        name === 'steps'
          ? { steps: value, sampling }
          : { steps: 20, sampling: { ...sampling, [name]: value } };
      expect([value, settingProblems(form)]).toEqual([value, within(limit, value) ? [] : [name]]);
    }
  });

  it('says the allowed range in English and Chinese', () => {
    const said = (lang: 'en' | 'zh-CN', name: keyof typeof NUMBER_FIELDS) =>
      translate(lang, 'settingExpected', { expected: expectedMessage(NUMBER_FIELDS[name].limit) });
    expect(said('en', 'temperature')).toBe('Expected a number from 0 to 10.');
    expect(said('en', 'topK')).toBe('Expected an integer from 0 (off) to 50257.');
    expect(said('en', 'topP')).toBe('Expected a number in (0, 1].');
    expect(said('en', 'steps')).toBe('Expected an integer from 1 to 1024.');
    expect(said('zh-CN', 'temperature')).toBe('应为 0 到 10 之间的数。');
    expect(said('zh-CN', 'topP')).toBe('应为 (0, 1] 区间内的数。');
  });
});
