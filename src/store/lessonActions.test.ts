import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING } from '../engine/sampling';
import { encodeText } from '../engine/tokenizer';
import { activeRun, initialState, shownStep, useAppStore } from './appStore';
import { showMe, showMeBlocked } from './lessonActions';
import { LESSON_STEPS } from './lessonScenes';
import {
  applyLessonUrl,
  arBack,
  arSetPlaying,
  arStep,
  AR_LENGTH,
  goToChapter,
  LESSON_KEY,
  nextChapter,
  previousChapter,
  restoreSettings,
  setLessonOpen,
  useLessonStore,
} from './lessonStore';
import { useStrategyStore } from './strategyStore';
import {
  candidateView,
  installFakeWorker,
  runRecord,
  stepRecord,
  type FakeWorker,
} from './testing/fixtures';
import { stubPage, unstubPage } from './testing/pageStubs';

const app = useAppStore;
/** The article's loop, complete, on tiny-gpt2 with the model ready: what chapter 1 leaves. */
function withLessonRun() {
  const steps = Array.from({ length: LESSON_STEPS }, (_, i) => ({
    ...stepRecord(i + 1),
    candidates: [candidateView(262, 0.6), candidateView(257, 0.3)],
  }));
  const run = runRecord({
    config: { maxSteps: LESSON_STEPS, sampling: DEFAULT_SAMPLING, candidateCount: 20 },
    steps,
    stopReason: 'max_steps',
  });
  app.setState((s) => ({
    runs: [run],
    activeRunId: run.id,
    model: { ...s.model, status: 'ready', id: 'tiny-gpt2', ep: 'auto', backend: 'wasm' },
  }));
  return run;
}

let worker: FakeWorker;

beforeEach(() => {
  app.setState(initialState());
  useLessonStore.setState({ open: false, chapter: 1, revealed: false, held: null });
  // A strategy run left running by an earlier test would make "Show me" wait.
  useStrategyStore.setState({ run: null });
  stubPage();
  worker = installFakeWorker();
});

afterEach(unstubPage);

describe('"Show me"', () => {
  it('chapter 1 sets the article loop in the form and generates it', async () => {
    app.setState((s) => ({
      settings: { ...s.settings, prompt: 'Hello', steps: 3, cache: false },
    }));
    void showMe(1);
    const { settings } = app.getState();
    expect(settings).toMatchObject({ prompt: 'Once upon a time', steps: 19, cache: true });
    expect(settings.sampling.strategy).toBe('greedy');
    expect(worker.sent[0]).toMatchObject({ kind: 'load' });
  });

  it('chapter 4 reopens the run made before at step 5 and looks inside it, without generating', async () => {
    const run = withLessonRun();
    app.setState({ runs: [run, runRecord({ id: 'other' })], activeRunId: 'other' });
    await showMe(4);
    expect(app.getState().activeRunId).toBe(run.id);
    expect(shownStep(app.getState())).toBe(5);
    expect(worker.sent.map((r) => r.kind)).toEqual(['inspect']);
    expect(worker.sent[0]).toMatchObject({
      ids: [...encodeText('Once upon a time'), 262, 262, 262, 262],
    });
  });

  it('chapter 2 branches at step 2 with the runner-up token, compared with the original', async () => {
    const run = withLessonRun();
    void showMe(2);
    await new Promise((r) => setTimeout(r, 0));
    const branch = activeRun(app.getState())!;
    expect(branch.parent).toEqual({ runId: run.id, step: 2, tokenId: 257 });
    expect(app.getState().compareRunId).toBe(run.id);
    expect(worker.sent.at(-1)).toMatchObject({
      kind: 'generate',
      forcedTokenId: 257,
      history: [262],
    });
  });

  it('chapters 2 and 3 reopen what they made before, compared with the lesson run', async () => {
    const run = withLessonRun();
    const parent = { runId: run.id, step: 2, tokenId: 257 };
    const branch = runRecord({ ...run, id: 'branch', parent, stopReason: 'max_steps' });
    const twin = runRecord({ ...run, id: 'twin', config: { ...run.config, cache: false } });
    app.setState({ runs: [run, branch, twin] });
    await showMe(2);
    expect(app.getState()).toMatchObject({ activeRunId: 'branch', compareRunId: run.id });
    expect(shownStep(app.getState())).toBe(2);
    await showMe(3);
    expect(app.getState()).toMatchObject({ activeRunId: 'twin', compareRunId: run.id });
    expect(app.getState().settings.cache).toBe(false);
    expect(worker.sent).toEqual([]);
  });

  it('chapter 3 makes the same run without the cache, compared with it', async () => {
    const run = withLessonRun();
    void showMe(3);
    await new Promise((r) => setTimeout(r, 0));
    const twin = activeRun(app.getState())!;
    expect(twin.id).not.toBe(run.id);
    expect(twin.config).toMatchObject({ cache: false, maxSteps: LESSON_STEPS });
    expect(app.getState().compareRunId).toBe(run.id);
  });

  it('chapters 6 and 7 choose beam search (2 beams) and Jacobi decoding', () => {
    withLessonRun();
    void showMe(6);
    expect(useStrategyStore.getState()).toMatchObject({ choice: 'beam', beams: 2 });
    useStrategyStore.setState({ run: null });
    void showMe(7);
    expect(useStrategyStore.getState()).toMatchObject({
      choice: 'jacobi',
      window: 4,
      lookup: true,
    });
  });

  it('chapter 7’s second scene runs speculative decoding, k = 3, with the model’s usual draft', async () => {
    withLessonRun();
    useStrategyStore.setState({ run: null, draft: 'gpt2-shaped-draft', k: 8 });
    void showMe(7, 1);
    await new Promise((r) => setTimeout(r, 0));
    expect(useStrategyStore.getState()).toMatchObject({ choice: 'speculative', k: 3, draft: '' });
    expect(worker.sent.at(-1)).toMatchObject({
      kind: 'strategy',
      promptIds: encodeText('Once upon a time'),
      settings: {
        strategy: 'speculative',
        k: 3,
        maxTokens: LESSON_STEPS,
        draft: { id: 'tiny-gpt2-draft' },
      },
      compareGreedy: true,
    });
  });

  it('holds the user’s settings and gives them back when the lesson closes', async () => {
    const sampling = { ...app.getState().settings.sampling, strategy: 'sample' as const };
    app.setState((s) => ({
      settings: { ...s.settings, prompt: 'Typed, never run', steps: 3, cache: true, sampling },
    }));
    const mine = { prompt: 'Typed, never run', steps: 3, cache: true, sampling };
    withLessonRun();
    await showMe(4);
    expect(useLessonStore.getState().held).toMatchObject(mine);
    void showMe(3);
    await new Promise((r) => setTimeout(r, 0));
    // Chapter 3 leaves the cache off in the form: closing the lesson turns it back on.
    expect(app.getState().settings).toMatchObject({ prompt: 'Once upon a time', cache: false });
    // A second "Show me" keeps what the user had, not the lesson's own settings.
    expect(useLessonStore.getState().held).toMatchObject(mine);
    setLessonOpen(false);
    expect(app.getState().settings).toMatchObject(mine);
    expect(useLessonStore.getState().held).toBeNull();
  });

  it('gives back the decoding strategy’s settings too', async () => {
    useStrategyStore.setState({ choice: 'jacobi', beams: 5, window: 6, lookup: false, k: 2 });
    withLessonRun();
    void showMe(6);
    await new Promise((r) => setTimeout(r, 0));
    expect(useStrategyStore.getState()).toMatchObject({ choice: 'beam', beams: 2 });
    setLessonOpen(false);
    expect(useStrategyStore.getState()).toMatchObject({
      choice: 'jacobi',
      beams: 5,
      window: 6,
      lookup: false,
      k: 2,
    });
  });

  it('"Restore my settings" gives them back with the lesson still open', async () => {
    app.setState((s) => ({ settings: { ...s.settings, prompt: 'Mine', steps: 7 } }));
    withLessonRun();
    useLessonStore.setState({ open: true });
    await showMe(4);
    restoreSettings();
    expect(app.getState().settings).toMatchObject({ prompt: 'Mine', steps: 7 });
    expect(useLessonStore.getState()).toMatchObject({ open: true, held: null });
  });

  it('refuses speculative decoding, saying why, for a model without a usual draft', async () => {
    expect(showMeBlocked(7, 1, 'mine@files')).toBe('lessonNoDraft');
    expect(showMeBlocked(7, 1, 'tiny-gpt2')).toBeNull();
    expect(showMeBlocked(7, 0, 'mine@files')).toBeNull();
    // A draft the user chose for such a model serves the scene.
    expect(showMeBlocked(7, 1, 'mine@files', 'some-org/draft@hub')).toBeNull();
    withLessonRun();
    app.setState((s) => ({ settings: { ...s.settings, modelId: 'mine@files', prompt: 'Mine' } }));
    await showMe(7, 1);
    expect(worker.sent).toEqual([]);
    // Nothing was changed, so nothing is held.
    expect(app.getState().settings.prompt).toBe('Mine');
    expect(useLessonStore.getState().held).toBeNull();
  });

  it('waits while the model is busy', async () => {
    withLessonRun();
    app.setState((s) => ({ live: { ...s.live, busy: true } }));
    await showMe(1);
    expect(worker.sent).toEqual([]);
  });
});

describe('the lesson store', () => {
  it('opens the URL chapter; an invalid lesson is named in a notice', () => {
    applyLessonUrl('?lesson=6');
    expect(useLessonStore.getState()).toMatchObject({ open: true, chapter: 6 });
    applyLessonUrl('?lesson=12');
    expect(useLessonStore.getState().chapter).toBe(6);
    expect(app.getState().notices.at(-1)).toMatchObject({
      key: 'noticeUrlParam',
      params: { name: 'lesson', value: '12' },
    });
  });

  it('moves between chapters within 1 … 8, hiding the answer; at the ends does nothing', () => {
    goToChapter(7);
    useLessonStore.setState({ revealed: true });
    nextChapter();
    expect(useLessonStore.getState()).toMatchObject({ chapter: 8, revealed: false });
    useLessonStore.setState({ revealed: true });
    nextChapter();
    // At the last chapter, Next leaves it as it is: the answer shown stays shown.
    expect(useLessonStore.getState()).toMatchObject({ chapter: 8, revealed: true });
    goToChapter(1);
    useLessonStore.setState({ revealed: true });
    previousChapter();
    expect(useLessonStore.getState()).toMatchObject({ chapter: 1, revealed: true });
    previousChapter();
    nextChapter();
    expect(useLessonStore.getState()).toMatchObject({ chapter: 2, revealed: false });
  });

  it('saves the chapter (localStorage in a page) and reads it back checked', async () => {
    const storage = useLessonStore.persist.getOptions().storage!;
    goToChapter(5);
    expect((await storage.getItem(LESSON_KEY))?.state).toEqual({
      open: true,
      chapter: 5,
      held: null,
    });
    // The held settings survive a reload, so that closing the lesson still gives them back.
    const { sampling } = app.getState().settings;
    const strategy = { choice: 'beam' as const, beams: 3 };
    const held = { prompt: 'Mine', steps: 7, cache: false, sampling, strategy };
    await storage.setItem(LESSON_KEY, { state: { open: true, chapter: 3, held }, version: 1 });
    await useLessonStore.persist.rehydrate();
    expect(useLessonStore.getState()).toMatchObject({ open: true, chapter: 3, held });
    const odd = { open: 'x', chapter: 40, held: { ...held, prompt: 3 } } as unknown as {
      open: boolean;
      chapter: number;
      held: null;
    };
    await storage.setItem(LESSON_KEY, { state: odd, version: 1 });
    await useLessonStore.persist.rehydrate();
    expect(useLessonStore.getState()).toMatchObject({ open: false, chapter: 8, held: null });
  });

  it('steps the AR toy to the end of its series, back, and plays again from the start', () => {
    arSetPlaying(false);
    useLessonStore.setState({ arT: AR_LENGTH - 1 });
    expect(arStep()).toBe(true);
    expect(arStep()).toBe(false);
    expect(useLessonStore.getState().arT).toBe(AR_LENGTH);
    arSetPlaying(true);
    expect(useLessonStore.getState()).toMatchObject({ arT: 2, arPlaying: true });
    arBack();
    expect(useLessonStore.getState()).toMatchObject({ arT: 2, arPlaying: false });
  });
});
