/**
 * What the user does that needs no model: edit settings, move through recorded steps, manage
 * the run list, apply URL parameters. Each action is named for the user's intent.
 */
import { LIMITS } from '../engine/limits';
import type { SamplingParams } from '../engine/sampling';
import { message, type Message } from '../i18n/message';
import type { ExecutionPreference } from '../worker/protocol';
import { activeSteps, shownStep, useAppStore, type AppState } from './appStore';
import { setChat } from './chatPrompt';
import { generate } from './engineActions';
import { checkLinkedRepo, mayNeedDownload, offerLinkedModel } from './linkDownload';
import { sourceFromUrl } from './modelSource';
import { withRunSettings } from './shownSettings';
import { parseUrlParams, type Language } from './urlParams';
import { afterRemoval } from './runRemoval';

const { getState, setState } = useAppStore;

function patchSettings(change: Partial<AppState['settings']>): void {
  setState((s) => ({ settings: { ...s.settings, ...change } }));
}

export const editPrompt = (prompt: string): void => patchSettings({ prompt });
export const chooseModel = (modelId: string): void => patchSettings({ modelId });
export const chooseExecution = (ep: ExecutionPreference): void => patchSettings({ ep });
/** The user's pick: kept from now on, instead of following the browser's languages. */
export const chooseLanguage = (lang: Language): void => patchSettings({ lang, langPicked: true });
export const setKeepRecent = (keepRecent: boolean): void => patchSettings({ keepRecent });
/** Off: the next runs read the whole sequence every step, without the KV cache. */
export const setCache = (cache: boolean): void => patchSettings({ cache });

/**
 * The step count as typed, in range or not: the form shows an out-of-range value as invalid and
 * no run starts with it (settingsCheck.ts), rather than silently keeping the previous one.
 */
export const setSteps = (steps: number): void => patchSettings({ steps });

export function setSpeed(speed: number): void {
  const { min, max } = LIMITS.speed;
  if (Number.isFinite(speed) && speed > min) patchSettings({ speed: Math.min(speed, max) });
}

export function setSampling(change: Partial<SamplingParams>): void {
  setState((s) => ({
    settings: { ...s.settings, sampling: { ...s.settings.sampling, ...change } },
  }));
}

/**
 * Step `step` of the active run, clamped to the recorded steps (`floor` 0 admits the prefill);
 * null when it has none.
 */
function clampedStep(step: number, floor = 1): number | null {
  const count = activeSteps(getState()).length;
  return count === 0 ? null : Math.min(Math.max(Math.round(step), floor), count);
}

/** Shows step `step` of the active run (clamped to the recorded steps): Play's own move. */
export function moveToStep(step: number): void {
  const clamped = clampedStep(step);
  if (clamped !== null) setState((s) => ({ playback: { ...s.playback, step: clamped } }));
}

/**
 * The user shows step `step` by hand (timeline, charts, Back/Forward, Home/End, their keys).
 * Play stops first: the step picked stays shown, so that a click meant for step 3 does not act
 * on step 4 a tick later.
 */
export function selectStep(step: number): void {
  const clamped = clampedStep(step, 0);
  setState((s) => ({ playback: { step: clamped ?? s.playback.step, playing: false } }));
}

/** One step back; back from step 1 is the prefill (step 0). */
export const goBack = (): void => selectStep((shownStep(getState()) ?? 1) - 1);
export const goForward = (): void => selectStep((shownStep(getState()) ?? 0) + 1);
export const goToFirst = (): void => selectStep(1);
export const goToLast = (): void => selectStep(activeSteps(getState()).length);

/** Shows a run, and its settings in the panel (shownSettings.ts). */
export function openRun(runId: string): void {
  const run = getState().runs.find((r) => r.id === runId);
  if (!run) return;
  setState((s) => ({
    activeRunId: runId,
    settings: withRunSettings(s.settings, run),
    compareRunId: s.compareRunId === runId ? null : s.compareRunId,
    playback: { step: null, playing: false },
  }));
}

export function compareWith(runId: string | null): void {
  setState({ compareRunId: runId });
}

export function deleteRun(runId: string): void {
  setState((s) => {
    const left = afterRemoval(
      s,
      s.runs.filter((r) => r.id !== runId),
      (id) => id === runId,
    );
    // The run shown in its place brings its settings, as if it had been selected.
    const shown = left.activeRunId === s.activeRunId ? undefined : left.runs.at(-1);
    return { ...left, settings: shown ? withRunSettings(s.settings, shown) : s.settings };
  });
}

export function dismissError(): void {
  setState({ error: null });
}

/**
 * Removes a notice (the very object the page shows: a notice added meanwhile keeps its place). It
 * does not come back: notices are made once, by the event they tell of.
 */
export function dismissNotice(notice: Message): void {
  setState((s) => ({ notices: s.notices.filter((n) => n !== notice) }));
}

/**
 * The `step` parameter, once the run is there (the restored one, or the one `autoplay` made): that
 * step is shown, or, when the run has no such step, the parameter is named in a notice.
 */
function showUrlStep(step: number): void {
  const count = activeSteps(getState()).length;
  if (count > 0 && step <= count) {
    setState({ playback: { step, playing: false } });
    return;
  }
  const expected = count === 0 ? message('urlStepNoRun') : message('urlStepOfRun', { max: count });
  const notice = message('noticeUrlParam', { name: 'step', value: String(step), expected });
  setState((s) => ({ notices: [...s.notices, notice] }));
}

/** Applies the page's URL parameters; starts the run when `autoplay=1`. */
export function applyUrl(search: string): void {
  const { overrides, invalid: refused } = parseUrlParams(search);
  const source = sourceFromUrl(search);
  const invalid = source.invalid ? [...refused, source.invalid] : refused;
  setState((s) => ({
    settings: {
      ...s.settings,
      modelId: overrides.modelId ?? s.settings.modelId,
      prompt: overrides.prompt ?? s.settings.prompt,
      steps: overrides.steps ?? s.settings.steps,
      ep: overrides.ep ?? s.settings.ep,
      lang: overrides.lang ?? s.settings.lang,
      modelSource: source.modelSource ?? s.settings.modelSource,
      cache: overrides.cache ?? s.settings.cache,
      sampling: {
        strategy: overrides.strategy ?? s.settings.sampling.strategy,
        temperature: overrides.temperature ?? s.settings.sampling.temperature,
        topK: overrides.topK ?? s.settings.sampling.topK,
        topP: overrides.topP ?? s.settings.sampling.topP,
        minP: overrides.minP ?? s.settings.sampling.minP,
        seed: overrides.seed ?? s.settings.sampling.seed,
      },
    },
    notices: invalid.map((i) =>
      message('noticeUrlParam', { name: i.name, value: i.value, expected: i.reason }),
    ),
  }));
  if (overrides.chat !== undefined) setChat(overrides.chat);
  // A link never downloads on its own: a model not at hand waits for the user's click.
  if (overrides.hubRepo !== undefined) {
    return checkLinkedRepo(overrides.hubRepo, overrides.autoplay);
  }
  const named = overrides.modelId;
  if (named !== undefined && mayNeedDownload(named)) {
    void offerLinkedModel(named, overrides.autoplay).then((waits) => {
      if (!waits) followUrl(overrides.autoplay, overrides.step);
    });
    return;
  }
  followUrl(overrides.autoplay, overrides.step);
}

/** Shows the link's step, or makes the run first when it says `autoplay=1`. */
function followUrl(autoplay: boolean, step: number | undefined): void {
  if (!autoplay) {
    if (step !== undefined) showUrlStep(step);
    return;
  }
  // A step picked by hand while the run was made stays shown.
  void generate().then(() => {
    if (step !== undefined && getState().playback.step === null) showUrlStep(step);
  });
}
