import { describe, expect, it } from 'vitest';
import { viewToken } from '../engine/tokenizer';
import { float32Digits, microseconds } from './fileNumbers';
import { exportRun, runFileName, type RunFileJson } from './runFile';
import { checkSavedRun } from './restore';
import type { Run } from './run';
import {
  CONFIG,
  CREATED,
  EXPORTED,
  FORCED_ID,
  edited,
  imported,
  recordRun,
  rejection,
  run,
  setUpRecordedRun,
  text,
} from './testing/recordedRun';

setUpRecordedRun();

/** The run as its file keeps it: model numbers at float32 precision, times to the microsecond. */
const asWritten = (r: Run): Run => ({
  ...r,
  prefillMs: r.prefillMs === null ? null : microseconds(r.prefillMs),
  steps: r.steps.map((s) => ({
    ...s,
    chosenProb: float32Digits(s.chosenProb),
    ...(s.eligibleMass === undefined ? {} : { eligibleMass: float32Digits(s.eligibleMass) }),
    entropy: float32Digits(s.entropy),
    modelMs: microseconds(s.modelMs),
    totalMs: microseconds(s.totalMs),
    candidates: s.candidates.map((c) => ({
      ...c,
      logit: float32Digits(c.logit),
      prob: float32Digits(c.prob),
      probAtT1: float32Digits(c.probAtT1),
      cumulative: float32Digits(c.cumulative),
    })),
  })),
});

/** Same run, as far as a replay can tell: everything but identity and import time. */
const sameRun = (a: Run, b: Run): void =>
  expect(a).toStrictEqual({ ...asWritten(b), id: a.id, createdAt: a.createdAt, imported: true });

describe('exportRun', () => {
  it('writes the format header, the whole run and every step, in a fixed key order', () => {
    const file: RunFileJson = JSON.parse(text);
    expect(Object.keys(file)).toEqual(['format', 'version', 'exportedAt', 'app', 'run']);
    expect(file).toMatchObject({ format: 'stepwise-run', version: 1, app: '0.1.0' });
    expect(file.exportedAt).toBe('2026-11-28T10:00:00.000Z');
    expect(Object.keys(file.run)).toEqual([
      ...['modelId', 'createdAt', 'backend', 'prompt', 'promptIds', 'config'],
      ...['stopReason', 'prefillMs', 'parent', 'steps'],
    ]);
    expect(file.run.steps).toHaveLength(run.steps.length);
    expect(file.run.steps[0].candidates).toHaveLength(20);
    expect(exportRun(run, '0.1.0', EXPORTED)).toBe(text);
  });

  it('writes one candidate per line, and null for a running sum that is NaN', () => {
    const forcedStep = run.steps[1];
    expect(forcedStep.tokenId).toBe(FORCED_ID);
    expect(Number.isNaN(forcedStep.candidates.at(-1)!.cumulative)).toBe(true);
    expect(text).toMatch(/\n {10}\{"id":\d+,"label":"/);
    expect(text).toContain('"cumulative":null');
  });

  it('names files with an ASCII slug of the model and prompt, and the date', () => {
    expect(runFileName(run)).toBe('stepwise-tiny-gpt2-once-upon-a-time-2026-11-28.json');
    const named = (prompt: string, modelId = 'tiny-gpt2'): string =>
      runFileName({ ...run, prompt, modelId });
    expect(named('从前有座山')).toBe('stepwise-tiny-gpt2-run-2026-11-28.json');
    expect(named('Café déjà vu!', 'Xenova/gpt2@hub:q8')).toBe(
      'stepwise-xenova-gpt2-hub-q8-cafe-deja-vu-2026-11-28.json',
    );
    expect(named('The quick brown fox jumps over the lazy dog again and again')).toBe(
      'stepwise-tiny-gpt2-the-quick-brown-fox-jumps-over-the-lazy-2026-11-28.json',
    );
  });
});

describe('parseRunFile accepts', () => {
  it('its own export, giving the same run with a new id, marked imported', () => {
    const back = imported(text);
    sameRun(back, run);
    expect(back.id).not.toBe(run.id);
    expect(back.imported).toBe(true);
    expect(exportRun({ ...back, createdAt: CREATED }, '0.1.0', EXPORTED)).toBe(text);
  });

  it('records a run without the KV cache as cache: false, and reads it back', () => {
    const plain: Run = { ...run, config: { ...run.config, cache: false } };
    const written: RunFileJson = JSON.parse(exportRun(plain, '0.1.0', EXPORTED));
    expect(written.run.config).toMatchObject({ cache: false });
    expect(imported(exportRun(plain, '0.1.0', EXPORTED)).config.cache).toBe(false);
    // With the cache, the field is left out: files without it are cached runs.
    expect(text).not.toContain('"cache"');
    expect(imported(text).config.cache).toBeUndefined();
    const bad = text.replace('"config": {', '"config": {"cache": "no",');
    expect(rejection(bad)).toContain('true or false');
  });

  it('older files: numbers at full float64 precision, whole token views on candidates', () => {
    const legacy = JSON.stringify({
      format: 'stepwise-run',
      version: 1,
      exportedAt: '2026-11-28T10:00:00.000Z',
      app: '0.1.0',
      run: {
        ...run,
        id: undefined,
        imported: undefined,
        createdAt: '2026-11-28T09:30:00.000Z',
        steps: run.steps.map((s) => ({
          ...s,
          candidates: s.candidates.map((c) => ({
            ...c,
            cumulative: Number.isNaN(c.cumulative) ? null : c.cumulative,
          })),
        })),
      },
    });
    expect(legacy).toContain('"token":{"label":');
    const back = imported(legacy);
    // Read as written: nothing is rounded on the way in.
    expect(back).toStrictEqual({ ...run, id: back.id, createdAt: back.createdAt, imported: true });
  });

  it('the min-p of the run, and files written before min-p as min-p 0 (off)', () => {
    expect(run.config.sampling.minP).toBe(0.05);
    expect(JSON.parse(text).run.config.sampling.minP).toBe(0.05);
    expect(imported(text).config.sampling.minP).toBe(0.05);
    const older = edited((file) => Reflect.deleteProperty(file.run.config.sampling, 'minP'));
    expect(older).not.toContain('minP');
    expect(imported(older).config.sampling.minP).toBe(0);
    expect(
      rejection(edited((file) => Object.assign(file.run.config.sampling, { minP: 1.5 }))),
    ).toContain('1.5');
    // A saved run from before min-p is read the same way.
    const { minP, ...before } = run.config.sampling;
    expect(minP).toBe(0.05);
    const saved = checkSavedRun({ ...run, config: { ...run.config, sampling: before } });
    expect(saved?.config.sampling.minP).toBe(0);
  });

  it("each step's true rank and eligible mass, and files written before they were", () => {
    // The forced token lies far outside the top 20: its rank is its own, not the 21st row's.
    const forced = run.steps[1];
    expect(forced.chosenRank).toBeGreaterThan(21);
    const back = imported(text);
    expect(back.steps.map((s) => s.chosenRank)).toEqual(run.steps.map((s) => s.chosenRank));
    expect(back.steps[1].chosenRank).toBe(forced.chosenRank);
    back.steps.forEach((s, i) =>
      expect(s.eligibleMass).toBe(float32Digits(run.steps[i].eligibleMass!)),
    );
    // An older file has neither: the run reads without them, nothing invented.
    const older = imported(
      edited((file) => {
        for (const step of file.run.steps) {
          Reflect.deleteProperty(step, 'chosenRank');
          Reflect.deleteProperty(step, 'eligibleMass');
        }
      }),
    );
    for (const step of older.steps) {
      expect(Object.hasOwn(step, 'chosenRank')).toBe(false);
      expect(Object.hasOwn(step, 'eligibleMass')).toBe(false);
    }
  });

  it('steps of under 4 KB in a long run', async () => {
    const long = await recordRun('Once upon a time', { ...CONFIG, maxSteps: 120 }, false);
    const bytes = Buffer.byteLength(exportRun(long, '0.1.0'));
    expect(bytes / long.steps.length).toBeLessThan(4096);
  });

  it('runs whose tokens are fragments of characters, and greedy runs with no parent', async () => {
    const chinese = await recordRun('从前有座山，山里有座庙', { ...CONFIG, maxSteps: 6 }, false);
    expect(chinese.promptIds.map(viewToken).some((v) => !v.complete)).toBe(true);
    sameRun(imported(exportRun(chinese, '0.1.0')), chinese);
    const greedy = await recordRun(
      'Hello',
      { maxSteps: 3, sampling: { ...CONFIG.sampling, strategy: 'greedy' } },
      false,
    );
    sameRun(imported(exportRun(greedy, '0.1.0')), greedy);
  });

  it('HTML in the prompt, kept as plain text', async () => {
    const prompt = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const html = await recordRun(prompt, { ...CONFIG, maxSteps: 2 }, false);
    expect(imported(exportRun(html, '0.1.0')).prompt).toBe(prompt);
  });

  it('but re-derives token labels and the prompt from the ids', () => {
    const back = imported(
      edited((file) => {
        file.run.prompt = 'Something else entirely';
        file.run.steps[0].token.label = '<b>forged</b>';
        file.run.steps[0].candidates[0].label = '<b>forged</b>';
      }),
    );
    expect(back.prompt).toBe('Once upon a time');
    expect(back.steps[0].token).toEqual(viewToken(run.steps[0].tokenId));
    expect(back.steps[0].candidates[0].token).toEqual(viewToken(run.steps[0].candidates[0].id));
  });

  it('unknown fields, which it drops, and a byte-order mark', () => {
    const back = imported(
      `\uFEFF${edited((file) => {
        Object.assign(file, { comment: 'for class 7b' });
        Object.assign(file.run, { colour: 'blue' });
        Object.assign(file.run.steps[0], { note: 'look here' });
      })}`,
    );
    sameRun(back, run);
    expect(Object.hasOwn(back, 'colour')).toBe(false);
  });

  it('__proto__ and constructor keys, harmlessly', () => {
    const poisoned = text
      .replace('{\n', '{\n  "__proto__": {"polluted": true},\n')
      .replace('"run": {\n', '"run": {\n    "__proto__": {"steps": [], "imported": false},\n')
      .replace('{"id":', '{"constructor": {"x": 1}, "toString": 5, "id":');
    expect(poisoned.match(/"(__proto__|constructor|toString)"/g)).toHaveLength(4);
    const back = imported(poisoned);
    sameRun(back, run);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, '__proto__')).toBe(false);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect({}).not.toHaveProperty('steps');
  });
});
