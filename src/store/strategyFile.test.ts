/**
 * Strategy run files: each strategy's run, made by the engine on tiny-gpt2, leaves as a file and
 * comes back equal; each kind of bad file is refused with a message naming what is wrong, in
 * either language.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { translateMessage } from '../i18n';
import { exportStrategyRun, strategyFileName, type StrategyFileJson } from './strategyFile';
import { isStrategyFileText, parseStrategyFile, readSavedStrategyRun } from './strategyFileParse';
import { realRuns, type RealRuns } from './strategyFileRuns';
import type { StrategyRun } from './strategyStore';

let runs: RealRuns;
beforeAll(async () => {
  runs = await realRuns();
}, 60_000);

const NOW = Date.UTC(2026, 11, 3, 12);
const fileOf = (run: StrategyRun): StrategyFileJson =>
  JSON.parse(exportStrategyRun(run, '0.1.0', NOW)) as StrategyFileJson;

/** The English reason a file is refused for; throws when it is accepted. */
function rejection(text: string): string {
  const parsed = parseStrategyFile(text);
  if (parsed.ok) throw new Error('the file was accepted');
  expect(translateMessage('zh-CN', parsed.reason)).not.toMatch(/undefined|\{\w+\}/);
  return translateMessage('en', parsed.reason);
}

/** The reason an edited copy of `run`'s file is refused for. */
function rejected(run: StrategyRun, change: (file: StrategyFileJson) => void): string {
  const file = fileOf(run);
  change(file);
  return rejection(JSON.stringify(file));
}

describe('strategy run files', () => {
  it.each(['beam', 'jacobi', 'speculative', 'sampled'] as const)(
    'give a %s run back as it was exported',
    (name) => {
      const run = runs[name];
      const text = exportStrategyRun(run, '0.1.0', NOW);
      expect(isStrategyFileText(text)).toBe(true);
      const parsed = parseStrategyFile(text);
      if (!parsed.ok) throw new Error(translateMessage('en', parsed.reason));
      expect(parsed.run).toEqual(run);
      // The same run gives the same text: exporting an imported run changes nothing.
      expect(exportStrategyRun(parsed.run, '0.1.0', NOW)).toBe(text);
    },
  );

  it('hold real rounds: rejections, sampling’s acceptance chances, pruned beams', () => {
    expect(runs.beam.beamSteps.length).toBeGreaterThan(1);
    expect(
      runs.beam.beamSteps.some((s) =>
        s.expansions.some((e) => e.candidates.some((c) => c.fate === 'pruned')),
      ),
    ).toBe(true);
    expect(runs.jacobi.rounds.length).toBeGreaterThan(1);
    expect(runs.speculative.specRounds.some((r) => r.accepted < r.proposed.length)).toBe(true);
    expect(runs.sampled.specRounds.some((r) => (r.acceptProbabilities ?? []).length > 0)).toBe(
      true,
    );
  });

  it('are named after the strategy, the model and the day', () => {
    expect(strategyFileName(runs.beam, NOW)).toBe('stepwise-beam-tiny-gpt2-2026-12-03.json');
  });

  it('come back stopped when they were saved running, after their last whole round', () => {
    const running = { ...runs.jacobi, status: 'running' as const, outcome: null };
    const saved = JSON.parse(JSON.stringify(fileOf(running).run)) as unknown;
    const read = readSavedStrategyRun(saved);
    if (!read.ok) throw new Error(translateMessage('en', read.reason));
    expect(read.run).toEqual({ ...running, status: 'stopped' });
  });

  it('refuse text that is not JSON, not a strategy run file, or of a newer version', () => {
    expect(rejection('{"format": "stepwise-strategy-run",')).toMatch(/^the file is not valid JSON/);
    expect(rejection('[1]')).toMatch(/not a Stepwise run file/);
    expect(rejected(runs.beam, (f) => Object.assign(f, { format: 'stepwise-run' }))).toBe(
      'the file is not a Stepwise run file (format "stepwise-run", expected "stepwise-strategy-run")',
    );
    expect(rejected(runs.beam, (f) => (f.version = 2))).toMatch(/version 2, from a newer Stepwise/);
    expect(parseStrategyFile(exportStrategyRun(runs.beam, '0.1.0'), 100).ok).toBe(false);
  });

  it('refuse a strategy the page does not know, and missing parts', () => {
    expect(
      rejected(runs.beam, (f) => Object.assign(f.run.settings, { strategy: 'lookahead' })),
    ).toBe(
      'the strategy settings has strategy "lookahead", expected one of "beam", "jacobi", "speculative"',
    );
    expect(rejected(runs.beam, (f) => Reflect.deleteProperty(f.run, 'beamSteps'))).toBe(
      'the run lacks beam steps, expected a list of beam steps',
    );
    expect(rejected(runs.jacobi, (f) => (f.run.outcome = null))).toMatch(
      /marked done but has no outcome/,
    );
  });

  it('refuse token ids outside the vocabulary and values of the wrong kind', () => {
    expect(rejected(runs.beam, (f) => (f.run.beamSteps![1].kept[0].tokenId = 50257))).toBe(
      'beam step 2: item 1 of kept beams has token id 50257, expected an integer from 0 to 50256',
    );
    expect(rejected(runs.jacobi, (f) => (f.run.promptIds[0] = -1))).toMatch(
      /^prompt token 1 is -1, expected an integer from 0 to 50256/,
    );
    expect(rejected(runs.speculative, (f) => (f.run.specRounds![0].proposed[0] = 1.5))).toMatch(
      /speculative round 1: item 1 of proposals is 1.5/,
    );
    // A log-probability is never above 0; a count is a whole number; a chance is 0–1.
    expect(
      rejected(runs.beam, (f) => (f.run.beamSteps![0].expansions[0].candidates[0].logProb = 0.5)),
    ).toMatch(/has log-probability 0.5, expected a number from -1000000000 to 0/);
    expect(rejected(runs.jacobi, (f) => (f.run.rounds![0].modelPasses = 2.5))).toMatch(
      /Jacobi round 1 has model passes 2.5, expected an integer/,
    );
    expect(
      rejected(runs.sampled, (f) => {
        const round = f.run.specRounds!.find((r) => (r.acceptProbabilities ?? []).length > 0);
        round!.acceptProbabilities![0] = 1.5;
      }),
    ).toMatch(/acceptance probabilities is 1.5, expected 0–1/);
    expect(rejected(runs.beam, (f) => Object.assign(f.run.settings, { beams: '3' }))).toBe(
      'the strategy settings has beams "3", expected an integer from 1 to 8',
    );
    expect(
      rejected(runs.speculative, (f) => Object.assign(f.run.settings, { draft: 'no such/model!' })),
    ).toMatch(/has draft model "no such\/model!", expected a Stepwise model id/);
  });

  it('refuse rounds out of order and rounds whose parts disagree', () => {
    expect(rejected(runs.jacobi, (f) => (f.run.rounds![1].round = 3))).toBe(
      'Jacobi round 2 is numbered 3: Jacobi rounds must be numbered 1, 2, 3, … in order',
    );
    expect(rejected(runs.jacobi, (f) => f.run.rounds![0].predicted.pop())).toMatch(
      /^Jacobi round 1 has \d+ predicted tokens, expected \d+$/,
    );
    expect(
      rejected(runs.speculative, (f) => {
        const round = f.run.specRounds![0];
        round.proposed = [...round.proposed, 1, 2, 3, 4].slice(0, 4);
        round.targetTokens = [...round.targetTokens, 1, 2, 3, 4, 5].slice(0, 5);
      }),
    ).toBe('speculative round 1 has 4 proposals, expected at most 3');
    expect(rejected(runs.beam, (f) => (f.run.beamSteps![1].kept[0].parentId = 999))).toBe(
      'beam step 2 names beam 999, which no earlier step made',
    );
    expect(
      rejected(runs.beam, (f) => (f.run.beamSteps![1].kept[0].id = f.run.beamSteps![0].kept[0].id)),
    ).toMatch(/^beam step 2 makes beam \d+, which an earlier step made$/);
  });
});
