/**
 * "Show me": puts the app into the state a lesson chapter talks about, with the loaded model and
 * the app's own actions only (the settings, Generate, a branch, the cache-off twin, Look inside,
 * beam search, Jacobi and speculative decoding). The chain's chapters share one run, the
 * article's loop, generated once and reopened after that.
 */
import { defaultDraftId } from '../engine/strategies/draftModels';
import type { MessageKey } from '../i18n/en';
import { activeRun, useAppStore } from './appStore';
import { branchAt, formPromptIds, generate, readyToEncode } from './engineActions';
import { lookInside } from './inspectActions';
import { foldIfNarrow } from './formFold';
import { arReset, arSetPlaying, holdSettings, useLessonStore } from './lessonStore';
import { rerunWithoutCache } from './cacheActions';
import {
  branchToken,
  findLessonRun,
  findLessonVariant,
  LESSON_PROMPT,
  LESSON_STEPS,
  sceneFor,
  type LessonScene,
} from './lessonScenes';
import { pause } from './playback';
import { runStrategy } from './strategyActions';
import {
  chooseStrategy,
  setDraft,
  setLookup,
  setStrategyNumber,
  useStrategyStore,
} from './strategyStore';
import { compareWith, openRun, selectStep } from './viewActions';
import { knownVocabulary } from './vocabularies';

const { getState, setState } = useAppStore;

/** The model, a generation or a strategy run is busy: "Show me" waits for it. */
export function lessonBusy(): boolean {
  const { live, model } = getState();
  return (
    live.busy || model.status === 'loading' || useStrategyStore.getState().run?.status === 'running'
  );
}

/**
 * Why the chapter's scene `index` cannot be shown with `modelId`, or null when it can. Every scene
 * runs on any model, one with its own tokenizer too (a Llama-family one: its prompt is encoded by
 * its own vocabulary and chat template, as Generate does); speculative decoding uses the model's
 * usual draft, and a model picked from files or without a smaller one of its vocabulary has none:
 * then the draft chosen in the strategy settings (`chosenDraft`, '' for none) serves.
 */
export function showMeBlocked(
  chapter: number,
  index: number,
  modelId: string,
  chosenDraft = useStrategyStore.getState().draft,
): MessageKey | null {
  const scene = sceneFor(chapter, index);
  return scene.decoding === 'speculative' && defaultDraftId(modelId) === null && chosenDraft === ''
    ? 'lessonNoDraft'
    : null;
}

/**
 * The form as the chapter needs it: the article's prompt and length, greedy, with the cache. The
 * user's own settings are held first, to be given back when the lesson closes.
 */
function applyLessonSettings(): void {
  holdSettings();
  setState((s) => ({
    settings: {
      ...s.settings,
      prompt: LESSON_PROMPT,
      steps: LESSON_STEPS,
      cache: true,
      sampling: { ...s.settings.sampling, strategy: 'greedy' },
    },
  }));
}

/**
 * The article's loop on the chosen model: reopened when it was made before with the ids the lesson
 * feeds now (the chat setting changes a chat model's ids), else generated. Those ids need the
 * model's vocabulary: known, read from the cache, or brought by loading the model, as Generate does.
 */
async function lessonRun() {
  const { modelId } = getState().settings;
  if (!knownVocabulary(modelId) && !(await readyToEncode())) return null;
  const promptIds = formPromptIds({ modelId, prompt: LESSON_PROMPT });
  const found = findLessonRun(getState().runs, modelId, promptIds);
  if (found) {
    openRun(found.id);
    setState({ compareRunId: null });
    return found;
  }
  await generate();
  const run = activeRun(getState());
  return run && findLessonRun([run], run.modelId, promptIds) ? run : null;
}

/** Shows a run made before, compared with the lesson run, at `step`. */
function reopenAgainst(runId: string, lessonRunId: string, step: number): void {
  openRun(runId);
  compareWith(lessonRunId);
  selectStep(step);
}

function showStep(scene: LessonScene): void {
  if (scene.step === 'last') selectStep(LESSON_STEPS);
  else selectStep(scene.step);
}

async function showChain(scene: LessonScene): Promise<void> {
  const run = await lessonRun();
  if (!run) return;
  if (scene.view === 'branch') {
    const step = typeof scene.step === 'number' ? scene.step : 2;
    const tokenId = branchToken(run, step);
    if (tokenId === null) return;
    const made = findLessonVariant(getState().runs, run, { branch: { step, tokenId } });
    if (made) reopenAgainst(made.id, run.id, step);
    else await branchAt(step, tokenId);
    return;
  }
  if (scene.view === 'cache-off') {
    const made = findLessonVariant(getState().runs, run, 'cache-off');
    if (made) reopenAgainst(made.id, run.id, LESSON_STEPS);
    else await rerunWithoutCache();
    selectStep(LESSON_STEPS);
    return;
  }
  showStep(scene);
  if (scene.view === 'inside') lookInside();
  if (scene.view === 'ar') {
    arReset();
    arSetPlaying(true);
  }
}

async function showStrategy(scene: LessonScene): Promise<void> {
  if (scene.decoding === 'chain') return;
  chooseStrategy(scene.decoding);
  if (scene.beams !== undefined) setStrategyNumber('beams', scene.beams);
  if (scene.window !== undefined) {
    setStrategyNumber('window', scene.window);
    // Guesses from earlier in the text: with the real GPT-2, repeated phrases are then accepted
    // several tokens at a time.
    setLookup(true);
  }
  if (scene.k !== undefined) {
    setStrategyNumber('k', scene.k);
    // The loaded model's usual draft (tiny-gpt2's derived one, distilgpt2 for GPT-2); a model
    // without one keeps the draft the user chose for it (showMeBlocked).
    if (defaultDraftId(getState().settings.modelId) !== null) setDraft('');
  }
  await runStrategy();
}

/**
 * "Show me" for `chapter` (its scene `index`: 0 is its own, chapter 7's 1 speculative decoding):
 * resolves once its state is on screen (or could not be reached).
 */
export async function showMe(chapter: number, index = 0): Promise<void> {
  if (lessonBusy() || showMeBlocked(chapter, index, getState().settings.modelId)) return;
  pause();
  foldIfNarrow();
  useLessonStore.setState({ revealed: false });
  const scene = sceneFor(chapter, index);
  applyLessonSettings();
  if (scene.decoding === 'chain') {
    chooseStrategy('chain');
    await showChain(scene);
  } else {
    await showStrategy(scene);
  }
}
