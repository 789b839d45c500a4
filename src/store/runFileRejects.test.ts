import { describe, expect, it } from 'vitest';
import { LIMITS } from '../engine/limits';
import type { RunFileJson } from './runFile';
import { translateMessage } from '../i18n';
import {
  edited,
  imported,
  rejection,
  rejectionMessage,
  run,
  setUpRecordedRun,
  text,
} from './testing/recordedRun';

setUpRecordedRun();

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
      /strategy "beam", expected one of "greedy", "sample"/,
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
    expect(reject((f) => (f.run.steps[1].chosenRank = 0))).toBe(
      'step 2 has rank of the chosen token 0, expected an integer from 1 to 50257',
    );
    expect(reject((f) => (f.run.steps[0].chosenRank = 50258))).toMatch(/rank of the chosen/);
    expect(reject((f) => (f.run.steps[0].eligibleMass = 1.5))).toMatch(/kept by the cut-off 1.5/);
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
      'prompt token 2 is 50257, expected an integer from 0 to 50256',
    );
    expect(reject((f) => (f.run.steps[0].tokenId = -1))).toMatch(/token id -1/);
    expect(reject((f) => (candidate(f, 2, 3).id = 1.5))).toMatch(/candidate 3 has token id 1.5/);
    expect(reject((f) => (f.run.promptIds = []))).toMatch(/has no prompt tokens/);
  });

  it('too many steps or candidates, and files that are too large, before parsing them', () => {
    const tooMany = LIMITS.steps.max + 1;
    expect(reject((f) => (f.run.steps = Array(tooMany).fill(f.run.steps[0])))).toBe(
      `the run has ${tooMany} steps, expected at most ${LIMITS.steps.max}`,
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

  it('says every reason in Chinese as well, in whole Chinese sentences', () => {
    // The JSON parser's own words stay as the browser gives them.
    expect(translateMessage('zh-CN', rejectionMessage('not json'))).toMatch(
      /^文件不是有效的 JSON（/,
    );
    const files = [
      '[1, 2, 3]',
      edited((f) => Object.assign(f, { format: 'other-app' })),
      edited((f) => (f.version = 2)),
      edited((f) => Reflect.deleteProperty(f.run, 'steps')),
      edited((f) => Object.assign(f.run, { steps: {} })),
      edited((f) => Object.assign(f.run.steps[0], { forced: 'yes' })),
      edited((f) => Object.assign(f.run.config.sampling, { strategy: 'beam' })),
      edited((f) => Object.assign(f.run, { backend: 'cuda' })),
      edited((f) => Object.assign(f.run, { modelId: '../../etc' })),
      edited((f) => Object.assign(f.run, { prompt: 42 })),
      edited((f) => Object.assign(f.run.parent!, { runId: '<x>' })),
      edited((f) => (f.run.steps[0].candidates = [])),
      edited((f) => (candidate(f, 3, 2).prob = 1.7)),
      edited((f) => (candidate(f, 1, 1).logit = Number.NaN)),
      edited((f) => (f.run.config.sampling.topP = 1.5)),
      edited((f) => (f.run.promptIds[1] = 50257)),
      edited((f) => (f.run.steps = Array(LIMITS.steps.max + 1).fill(f.run.steps[0]))),
      edited((f) => f.run.steps.reverse()),
      edited((f) => (f.run.steps[4].contextLength += 1)),
      edited((f) => (candidate(f, 2, 2).id = candidate(f, 2, 1).id)),
      edited((f) => Object.assign(f.run, { extra: 1, stopReason: 'tired' })),
    ];
    const chinese = files.map((file) => translateMessage('zh-CN', rejectionMessage(file)));
    chinese.push(translateMessage('zh-CN', rejectionMessage('中'.repeat(400), 1000)));
    expect(chinese[12]).toBe('第 3 步的第 2 个候选词元的概率是 1.7，应为：0 到 1 之间的数');
    for (const reason of chinese) {
      expect(reason).toMatch(/[\u4e00-\u9fff]/);
      // English words left are the file's own: field values and JSON names, never the sentence.
      expect(reason, reason).not.toMatch(
        /\b(the|file|expected|has|lacks|is|step|candidate|an?|integer|number|list|object|of)\b/,
      );
    }
  });
});
