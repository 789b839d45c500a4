import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING } from '../engine/sampling';
import {
  branchToken,
  CHAPTER_COUNT,
  clampChapter,
  findLessonRun,
  findLessonVariant,
  lessonFromUrl,
  LESSON_STEPS,
  sceneFor,
  scenesFor,
} from './lessonScenes';
import { candidateView, runRecord, stepRecord } from './testing/fixtures';

const lessonSteps = () => Array.from({ length: LESSON_STEPS }, (_, i) => stepRecord(i + 1));
const lessonConfig = { maxSteps: LESSON_STEPS, sampling: DEFAULT_SAMPLING, candidateCount: 20 };

describe('the lesson chapters', () => {
  it('map each chapter to the state its "Show me" reaches', () => {
    const views = Array.from({ length: CHAPTER_COUNT }, (_, i) => sceneFor(i + 1));
    expect(views.map((s) => s.view)).toEqual([
      'steps',
      'branch',
      'cache-off',
      'inside',
      'ar',
      'beam',
      'jacobi',
      'table',
    ]);
    expect(sceneFor(1)).toMatchObject({ decoding: 'chain', step: 1 });
    expect(sceneFor(2).step).toBe(2);
    expect(sceneFor(4).step).toBe(5);
    // The article's beam-search example keeps two beams.
    expect(sceneFor(6)).toMatchObject({ decoding: 'beam', beams: 2 });
    expect(sceneFor(7)).toMatchObject({ decoding: 'jacobi', window: 4 });
  });

  it('give chapter 7 a second scene, speculative decoding, and no other chapter one', () => {
    const counts = Array.from({ length: CHAPTER_COUNT }, (_, i) => scenesFor(i + 1).length);
    expect(counts).toEqual([1, 1, 1, 1, 1, 1, 2, 1]);
    expect(sceneFor(7, 1)).toEqual({
      decoding: 'speculative',
      step: 'last',
      view: 'speculative',
      k: 3,
    });
    // An index a chapter lacks falls back on its own scene.
    expect(sceneFor(6, 1)).toBe(sceneFor(6));
    expect(sceneFor(7, 5)).toBe(sceneFor(7));
  });

  it('clamp a chapter number into 1 … 8', () => {
    expect([0, 1, 3.4, 8, 9, -2, NaN].map(clampChapter)).toEqual([1, 1, 3, 8, 8, 1, 1]);
    expect(sceneFor(99)).toBe(sceneFor(CHAPTER_COUNT));
  });

  it('read lesson=N from the URL: digits 1 … 8 only', () => {
    expect(lessonFromUrl('?model=tiny-gpt2')).toEqual({ kind: 'none' });
    expect(lessonFromUrl('?lesson=3')).toEqual({ kind: 'chapter', chapter: 3 });
    expect(lessonFromUrl('?lesson=8')).toEqual({ kind: 'chapter', chapter: 8 });
    for (const bad of ['0', '9', '2.0', '1e1', 'x', ''])
      expect(lessonFromUrl(`?lesson=${bad}`)).toEqual({ kind: 'invalid', value: bad });
  });
});

describe('the run the chain chapters share', () => {
  it('is the complete greedy run of the article on the chosen model, newest first', () => {
    const old = runRecord({ id: 'old', config: lessonConfig, steps: lessonSteps() });
    const fresh = runRecord({ id: 'new', config: lessonConfig, steps: lessonSteps() });
    expect(findLessonRun([old, fresh], 'tiny-gpt2')?.id).toBe('new');
    expect(findLessonRun([old], 'gpt2')).toBeNull();
  });

  it('is never a short, sampled, cache-off, branched, imported or other-prompt run', () => {
    const base = { config: lessonConfig, steps: lessonSteps() };
    const others = [
      runRecord({ ...base, steps: lessonSteps().slice(0, 5) }),
      runRecord({
        ...base,
        config: { ...lessonConfig, sampling: { ...DEFAULT_SAMPLING, strategy: 'sample' } },
      }),
      runRecord({ ...base, config: { ...lessonConfig, cache: false } }),
      runRecord({ ...base, parent: { runId: 'x', step: 2, tokenId: 1 } }),
      runRecord({ ...base, imported: true }),
      runRecord({ ...base, prompt: 'Once upon a' }),
    ];
    expect(findLessonRun(others, 'tiny-gpt2')).toBeNull();
  });

  it('is a run of the ids the lesson feeds now, when those are given', () => {
    // The same text read as other ids: a chat model's prompt with the chat setting the other way.
    const plain = runRecord({ id: 'plain', config: lessonConfig, steps: lessonSteps() });
    const chat = runRecord({
      id: 'chat',
      config: lessonConfig,
      steps: lessonSteps(),
      promptIds: [1, 7454, 2402, 257, 640, 2],
    });
    expect(findLessonRun([chat, plain], 'tiny-gpt2', plain.promptIds)?.id).toBe('plain');
    expect(findLessonRun([plain, chat], 'tiny-gpt2', chat.promptIds)?.id).toBe('chat');
    expect(findLessonRun([chat], 'tiny-gpt2', plain.promptIds)).toBeNull();
  });
});

describe('the token chapter 2 forces', () => {
  it('is the most likely candidate the run did not choose', () => {
    const steps = lessonSteps();
    steps[1] = {
      ...steps[1],
      tokenId: 262,
      candidates: [candidateView(257, 0.2), candidateView(262, 0.5), candidateView(11, 0.3)],
    };
    const run = runRecord({ steps });
    expect(branchToken(run, 2)).toBe(11);
    expect(branchToken(run, 1)).toBeNull(); // no candidates recorded
    expect(branchToken(run, 40)).toBeNull(); // no such step
  });
});

describe('what chapters 2 and 3 made before', () => {
  const base = { config: lessonConfig, steps: lessonSteps() };
  const lesson = runRecord({ ...base, id: 'lesson' });
  const branch = { step: 2, tokenId: 11 };

  it('is the finished branch of the lesson run at that step with that token', () => {
    const made = runRecord({
      ...base,
      id: 'b',
      parent: { runId: 'lesson', ...branch },
      stopReason: 'max_steps',
    });
    const unfinished = runRecord({ ...base, id: 'c', parent: { runId: 'lesson', ...branch } });
    const other = runRecord({
      ...base,
      id: 'd',
      parent: { runId: 'lesson', step: 3, tokenId: 11 },
      stopReason: 'max_steps',
    });
    expect(findLessonVariant([lesson, made, unfinished, other], lesson, { branch })?.id).toBe('b');
    expect(findLessonVariant([lesson, unfinished, other], lesson, { branch })).toBeNull();
  });

  it('is the complete run of the loop made without the cache', () => {
    const twin = runRecord({ ...base, id: 't', config: { ...lessonConfig, cache: false } });
    const short = runRecord({
      ...base,
      id: 's',
      config: { ...lessonConfig, cache: false },
      steps: lessonSteps().slice(0, 4),
    });
    expect(findLessonVariant([lesson, twin, short], lesson, 'cache-off')?.id).toBe('t');
    expect(findLessonVariant([lesson, short], lesson, 'cache-off')).toBeNull();
  });

  it('is never a run without the cache of other prompt ids than the lesson run’s', () => {
    const other = runRecord({
      ...base,
      id: 'o',
      config: { ...lessonConfig, cache: false },
      promptIds: [1, 7454, 2402, 257, 640, 2],
    });
    expect(findLessonVariant([lesson, other], lesson, 'cache-off')).toBeNull();
  });
});
