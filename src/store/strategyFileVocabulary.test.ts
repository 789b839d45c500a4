/**
 * Strategy run files and saved strategy runs of a model with its own vocabulary (a Llama-family
 * model from the Hub): their token ids are checked against that model's ids, not GPT-2's 50 257,
 * where the page holds its vocabulary (the same rule as chain runs, runFileParse.ts); the views
 * then show them with it.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { viewToken } from '../engine/tokenizer';
import { loadVocabulary } from '../engine/vocabulary/loadVocabulary';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';
import { translateMessage } from '../i18n';
import { BeamTree } from '../components/strategies/BeamTree';
import { JacobiRounds } from '../components/strategies/JacobiRounds';
import { exportStrategyRun, type StrategyFileJson } from './strategyFile';
import { parseStrategyFile, readSavedStrategyRun } from './strategyFileParse';
import { realRuns, type RealRuns } from './strategyFileRuns';
import type { StrategyRun } from './strategyStore';
import { holdVocabulary } from './vocabularies';

const QWEN = 'stepwise-test/tiny-qwen2@hub';
const files = qwenTokenizerFiles();
const qwen = loadVocabulary(files);
/** 从前 · 有一个 · 小女孩: three of Qwen's ids, all past GPT-2's 50 256. */
const PROMPT_IDS = qwen.encode('从前有一个小女孩');
/** `<|im_end|>`: a special token of Qwen's, id 151 645. */
const IM_END = qwen.encodeWithSpecials('<|im_end|>')[0];

let runs: RealRuns;
beforeAll(async () => {
  runs = await realRuns();
  holdVocabulary(QWEN, files);
}, 60_000);

/** `run` (made on tiny-gpt2) as a run of `modelId` with Qwen's ids in its prompt and tokens. */
function asQwenRun(run: StrategyRun, modelId: string): StrategyFileJson {
  const file = JSON.parse(exportStrategyRun(run, '0.1.0', 0)) as StrategyFileJson;
  file.run.modelId = modelId;
  file.run.promptIds = PROMPT_IDS;
  const step = file.run.beamSteps?.[0];
  if (step) step.kept[0].tokenId = IM_END;
  const round = file.run.rounds?.[0];
  if (round) round.accepted[0] = IM_END;
  return file;
}

function reason(text: string): string {
  const parsed = parseStrategyFile(text);
  return parsed.ok ? 'accepted' : translateMessage('en', parsed.reason);
}

describe('strategy runs of a model with its own vocabulary', () => {
  it('checks token ids against the model’s vocabulary, not GPT-2’s', () => {
    expect(Math.min(...PROMPT_IDS)).toBeGreaterThan(50256);
    for (const run of [runs.beam, runs.jacobi, runs.speculative]) {
      const file = asQwenRun(run, QWEN);
      const parsed = parseStrategyFile(JSON.stringify(file));
      if (!parsed.ok) throw new Error(translateMessage('en', parsed.reason));
      expect(parsed.run).toMatchObject({ modelId: QWEN, promptIds: PROMPT_IDS });
      // Saved state goes through the same checks.
      expect(readSavedStrategyRun(file.run).ok).toBe(true);
    }
    // Past the widest head a model of its own may have (2^18 ids): refused.
    const wide = asQwenRun(runs.beam, QWEN);
    wide.run.promptIds = [262_144];
    expect(reason(JSON.stringify(wide))).toMatch(
      /^prompt token 1 is 262144, expected an integer from 0 to 262143/,
    );
  });

  it('still checks a GPT-2 model’s run against GPT-2’s 50 257 ids', () => {
    const file = asQwenRun(runs.jacobi, 'tiny-gpt2');
    expect(reason(JSON.stringify(file))).toMatch(
      new RegExp(`^prompt token 1 is ${PROMPT_IDS[0]}, expected an integer from 0 to 50256`),
    );
  });

  it('keeps a refused draft’s problem through a file', () => {
    const run: StrategyRun = {
      ...runs.speculative,
      status: 'failed',
      outcome: null,
      specRounds: [],
      problem: { kind: 'draft_tokens', draft: 'other/draft@hub' },
    };
    const parsed = parseStrategyFile(exportStrategyRun(run, '0.1.0', 0));
    if (!parsed.ok) throw new Error(translateMessage('en', parsed.reason));
    expect(parsed.run.problem).toEqual(run.problem);
  });

  it('shows the replayed run’s tokens with the model’s vocabulary', () => {
    const beam = parseStrategyFile(JSON.stringify(asQwenRun(runs.beam, QWEN)));
    const jacobi = parseStrategyFile(JSON.stringify(asQwenRun(runs.jacobi, QWEN)));
    if (!beam.ok || !jacobi.ok) throw new Error('refused');
    const tree = renderToStaticMarkup(createElement(BeamTree, { run: beam.run }));
    const rounds = renderToStaticMarkup(createElement(JacobiRounds, { run: jacobi.run }));
    // <|im_end|> as Qwen writes it, marked special as the context strip marks it.
    const label = '&lt;|im_end|&gt;';
    const hex = qwen.viewToken(IM_END).hex;
    expect(tree).toContain(`data-token-id="${IM_END}" data-special="true" title="${hex}">${label}`);
    expect(rounds).toContain(`data-token-ids="${IM_END}">${label}</dd>`);
    // Every other token too: Qwen's text for the id, not GPT-2's.
    const fed = jacobi.run.rounds[1].fed[0];
    expect(qwen.viewToken(fed).label).not.toBe(viewToken(fed).label);
    expect(rounds).toContain(
      `data-token-id="${fed}" data-state="plain" title="${qwen.viewToken(fed).hex}"`,
    );
  });
});
