import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../scripts/nodeModel';
import { Generation, runToEnd, type GenerationConfig, type StepRecord } from '../engine/generation';
import { encodeText, viewToken } from '../engine/tokenizer';
import { newRunId, type Run } from './run';
import { float32Digits, microseconds } from './fileNumbers';
import { exportRun, runFileName, type RunFileJson } from './runFile';
import { parseRunFile } from './runFileParse';

const TINY_DIR = fileURLToPath(new URL('../../public/models/tiny-gpt2', import.meta.url));
const CREATED = Date.UTC(2026, 10, 28, 9, 30);
const EXPORTED = Date.UTC(2026, 10, 28, 10, 0);
/** An unlikely token to force, so that the file must carry the NaN running sum it gets. */
const FORCED_ID = 31415;
const CONFIG: GenerationConfig = {
  maxSteps: 12,
  candidateCount: 20,
  sampling: { strategy: 'sample', temperature: 1.3, topK: 40, topP: 0.9, seed: 7 },
};

let tiny: NodeModel;
let run: Run;
let text: string;

/** Records a real run on the tiny model: one sampled step, one forced step, then to the end. */
async function recordRun(prompt: string, config: GenerationConfig, force: boolean): Promise<Run> {
  const promptIds = encodeText(prompt);
  const generation = await Generation.start(tiny.decoder, promptIds, config);
  const steps: StepRecord[] = [];
  const first = await generation.next();
  if (first.kind === 'step') steps.push(first.record);
  if (force) {
    const forced = await generation.next(FORCED_ID);
    if (forced.kind === 'step') steps.push(forced.record);
  }
  const stopReason = await runToEnd(generation, (record) => steps.push(record));
  return {
    id: newRunId(CREATED),
    createdAt: CREATED,
    modelId: 'tiny-gpt2',
    backend: 'wasm',
    prompt,
    promptIds,
    config,
    steps,
    stopReason,
    prefillMs: 4.25,
    parent: force ? { runId: 'run-mf3x9k-01', step: 2, tokenId: FORCED_ID } : null,
    imported: false,
  };
}

function imported(fileText: string, maxBytes?: number): Run {
  const result = parseRunFile(fileText, maxBytes);
  if (!result.ok) throw new Error(`expected the file to import, got: ${result.reason}`);
  return result.run;
}

function rejection(fileText: string, maxBytes?: number): string {
  const result = parseRunFile(fileText, maxBytes);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.reason;
}

/** The exported file with one change made to its parsed form. */
function edited(change: (file: RunFileJson) => void): string {
  const file: RunFileJson = JSON.parse(text);
  change(file);
  return JSON.stringify(file);
}

/** The run as its file keeps it: model numbers at float32 precision, times to the microsecond. */
const asWritten = (r: Run): Run => ({
  ...r,
  prefillMs: r.prefillMs === null ? null : microseconds(r.prefillMs),
  steps: r.steps.map((s) => ({
    ...s,
    chosenProb: float32Digits(s.chosenProb),
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

beforeAll(async () => {
  if (!existsSync(`${TINY_DIR}/onnx/model.onnx`)) {
    throw new Error(`${TINY_DIR} is missing: run \`npm run models:tiny\` first`);
  }
  tiny = await loadNodeModel(TINY_DIR);
  run = await recordRun('Once upon a time', CONFIG, true);
  text = exportRun(run, '0.1.0', EXPORTED);
});

afterAll(async () => {
  await tiny?.session.release();
});

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

describe('parseRunFile rejects', () => {
  const reject = (change: (file: RunFileJson) => void): string => rejection(edited(change));
  const candidate = (file: RunFileJson, step: number, index: number) =>
    file.run.steps[step - 1].candidates[index - 1];

  it('text that is not JSON, or not a run file', () => {
    expect(rejection('{"format": "stepwise-run",')).toMatch(/^the file is not valid JSON/);
    expect(rejection('[1, 2, 3]')).toMatch(/not a Stepwise run file/);
    expect(reject((f) => Object.assign(f, { format: 'other-app' }))).toBe(
      'the file is not a Stepwise run file (format "other-app", expected "stepwise-run")',
    );
  });

  it('newer versions with a clear reason, and malformed versions', () => {
    expect(reject((f) => (f.version = 2))).toMatch(/version 2, from a newer Stepwise.*version 1/);
    expect(reject((f) => Object.assign(f, { version: '1' }))).toMatch(/version "1"/);
    expect(reject((f) => (f.version = 0))).toMatch(/version 0/);
  });

  it('missing parts and wrong types', () => {
    expect(reject((f) => Reflect.deleteProperty(f.run, 'steps'))).toBe(
      'the run lacks steps, expected a list of steps',
    );
    expect(reject((f) => Reflect.deleteProperty(f, 'run'))).toMatch(/the file lacks run/);
    expect(reject((f) => Object.assign(f.run, { steps: {} }))).toMatch(/has steps an object/);
    expect(reject((f) => Object.assign(f.run.steps[1], { tokenId: '5' }))).toMatch(
      /^step 2 has token id "5"/,
    );
    expect(reject((f) => Object.assign(f.run.steps[0], { forced: 'yes' }))).toMatch(/forced "yes"/);
    expect(reject((f) => Object.assign(f.run.config.sampling, { strategy: 'beam' }))).toMatch(
      /strategy "beam", expected "greedy", "sample"/,
    );
    expect(reject((f) => Object.assign(f.run, { backend: 'cuda' }))).toMatch(/backend "cuda"/);
    expect(reject((f) => Object.assign(f.run, { modelId: '../../etc' }))).toMatch(/model id/);
    expect(reject((f) => Object.assign(f.run, { prompt: 42 }))).toMatch(/prompt 42/);
    expect(reject((f) => Object.assign(f.run.parent!, { runId: '<x>' }))).toMatch(/run id "<x>"/);
    expect(reject((f) => (f.run.steps[0].candidates = []))).toBe(
      'step 1 has no candidates, expected at least 1',
    );
  });

  it('numbers out of range, with a reason naming the first problem', () => {
    expect(reject((f) => (candidate(f, 3, 2).prob = 1.7))).toBe(
      'step 3: candidate 2 has probability 1.7, expected 0–1',
    );
    expect(reject((f) => (candidate(f, 1, 1).probAtT1 = -0.1))).toMatch(/at T = 1 -0.1/);
    expect(reject((f) => (f.run.config.sampling.topP = 1.5))).toMatch(/top-p 1.5/);
    expect(reject((f) => (f.run.steps[0].modelMs = -1))).toMatch(/model time -1/);
    expect(reject((f) => (f.run.config.maxSteps = 2.5))).toMatch(/step budget 2.5/);
  });

  it('NaN and Infinity where they are not allowed', () => {
    expect(reject((f) => Object.assign(f.run.steps[0], { entropy: null }))).toMatch(/entropy null/);
    expect(reject((f) => (candidate(f, 1, 1).cumulative = null))).toMatch(
      /^step 1: candidate 1 has cumulative probability null/,
    );
    // A NaN sum is only allowed on the chosen token appended after the top list: last, chosen.
    const notChosen = (f: RunFileJson) =>
      f.run.steps.find((s) => s.candidates.at(-1)!.id !== s.tokenId)!.candidates.at(-1)!;
    expect(reject((f) => (notChosen(f).cumulative = null))).toMatch(/cumulative probability null/);
    expect(reject((f) => f.run.steps[1].candidates.unshift(f.run.steps[1].candidates.pop()!))).toBe(
      'step 2: candidate 1 has cumulative probability null, expected 0–1',
    );
    const infinite = edited((f) => Object.assign(candidate(f, 1, 1), { logit: 'INF' }));
    expect(rejection(infinite.replace('"INF"', '1e999'))).toBe(
      'step 1: candidate 1 has logit Infinity, expected a finite number',
    );
  });

  it('token ids outside the vocabulary', () => {
    expect(reject((f) => (f.run.promptIds[1] = 50257))).toBe(
      'prompt token 2 is 50257, expected an integer 0–50256',
    );
    expect(reject((f) => (f.run.steps[0].tokenId = -1))).toMatch(/token id -1/);
    expect(reject((f) => (candidate(f, 2, 3).id = 1.5))).toMatch(/candidate 3 has token id 1.5/);
    expect(reject((f) => (f.run.promptIds = []))).toMatch(/has no prompt tokens/);
  });

  it('too many steps or candidates, and files that are too large, before parsing them', () => {
    expect(reject((f) => (f.run.steps = Array(4097).fill(f.run.steps[0])))).toBe(
      'the run has 4097 steps, expected at most 4096',
    );
    expect(
      reject((f) => (f.run.steps[0].candidates = Array(1001).fill(candidate(f, 1, 1)))),
    ).toMatch(/1001 candidates, expected at most 1000/);
    expect(rejection(text, text.length - 1)).toMatch(/larger than/);
    expect(rejection(`not json ${'x'.repeat(2000)}`, 1000)).toMatch(/larger than 1000 bytes/);
    // Counted in UTF-8 bytes, not characters: 400 Chinese characters are 1200 bytes.
    expect(rejection('中'.repeat(400), 1000)).toMatch(/larger than/);
    expect(imported(text, Buffer.byteLength(text)).steps).toHaveLength(run.steps.length);
    expect(rejection(text, Buffer.byteLength(text) - 1)).toMatch(/larger than/);
  });

  it('steps out of order, missing or reading the wrong context', () => {
    expect(reject((f) => f.run.steps.reverse())).toMatch(/^step 1 is numbered \d+: steps must/);
    expect(reject((f) => f.run.steps.splice(2, 1))).toMatch(/^step 3 is numbered 4/);
    expect(reject((f) => (f.run.steps[4].contextLength += 1))).toMatch(
      /^step 5 has context length \d+, expected \d+ \(prompt \+ earlier steps\)/,
    );
  });

  it('a chosen token missing from the candidates, and duplicate candidates', () => {
    expect(
      reject((f) => {
        const step = f.run.steps[3];
        step.candidates = step.candidates.filter((c) => c.id !== step.tokenId);
      }),
    ).toMatch(/^step 4 chose token \d+, which is not among its candidates/);
    expect(reject((f) => (candidate(f, 2, 2).id = candidate(f, 2, 1).id))).toMatch(
      /^step 2 lists token \d+ twice/,
    );
  });
});
