/**
 * Every reader of settings agrees with the table of limits on each of its boundaries: the URL,
 * run files, saved runs and saved settings, the check before a run starts, and the worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationConfig } from '../engine/generation';
import { LIMITS, within } from '../engine/limits';
import { greedy, loaded, PROMPT, releaseSessions } from '../worker/testing/hostFixtures';
import { translateMessage } from '../i18n';
import { initialState } from './appStore';
import { checkSavedRun, restoreState } from './restore';
import { parseRunFile } from './runFileParse';
import { NUMBER_SETTINGS, settingProblems, type NumberSetting } from './settingsCheck';
import { boundaries } from './testing/limitBoundaries';
import { edited, run, setUpRecordedRun } from './testing/recordedRun';
import { parseUrlParams } from './urlParams';

setUpRecordedRun();

let host: Awaited<ReturnType<typeof loaded>>;
beforeAll(async () => {
  host = await loaded();
});
afterAll(releaseSessions);

/** A run's settings with one of them changed. */
function withSetting(config: GenerationConfig, name: NumberSetting, value: number) {
  if (name === 'steps') return { ...config, maxSteps: value };
  return { ...config, sampling: { ...config.sampling, [name]: value } };
}

let requestId = 100;

describe.each(NUMBER_SETTINGS)('%s', (name) => {
  const limit = LIMITS[name];

  it.each(boundaries(limit))('%s: every reader agrees with the table', async (value) => {
    const allowed = within(limit, value);

    const url = parseUrlParams(`?${new URLSearchParams({ [name]: String(value) })}`);
    expect(url.invalid.map((i) => i.name)).toEqual(allowed ? [] : [name]);

    const file = edited((f) =>
      Object.assign(f.run, { config: withSetting(f.run.config, name, value) }),
    );
    const imported = parseRunFile(file);
    expect(imported.ok).toBe(allowed);
    if (!imported.ok) expect(translateMessage('en', imported.reason)).toContain(String(value));

    const saved = checkSavedRun({ ...run, config: withSetting(run.config, name, value) });
    expect(saved !== null).toBe(allowed);

    const settings = initialState().settings;
    const changed = name === 'steps' ? { steps: value } : { sampling: { [name]: value } };
    const restored = restoreState({ settings: { ...settings, ...changed } }, initialState());
    const kept = name === 'steps' ? restored.settings.steps : restored.settings.sampling[name];
    expect(kept === value).toBe(allowed);

    const typed = withSetting(
      { maxSteps: settings.steps, sampling: settings.sampling },
      name,
      value,
    );
    expect(settingProblems({ steps: typed.maxSteps, sampling: typed.sampling })).toEqual(
      allowed ? [] : [name],
    );

    const id = ++requestId;
    const config = withSetting(greedy(3), name, value);
    await host.host.handle({ kind: 'generate', id, promptIds: PROMPT, config, run: 1 });
    const refused = host.of('error', id).map((e) => e.code);
    expect(host.of('step', id)).toHaveLength(allowed ? 1 : 0);
    expect(refused).toEqual(allowed ? [] : ['bad_request']);
  });
});
