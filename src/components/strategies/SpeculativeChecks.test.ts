/**
 * A sampled speculative run as the page draws it (rendered to markup): the run says it samples and
 * at what temperature and seed, and each round shows the rule at each checked proposal (p, q,
 * min(1, p/q), kept or rejected) and what the round's own token was drawn from. A greedy round
 * shows none of it. The Chinese lines are checked from the dictionary.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { modelFromId } from '../../engine/modelCatalog';
import type { SpeculativeRound } from '../../engine/strategies/speculative';
import { translate } from '../../i18n';
import type { StrategyRun } from '../../store/strategyStore';
import { formatProb } from './SpeculativeChecks';
import { SpeculativeRounds } from './SpeculativeRounds';

const SAMPLING = { temperature: 0.8, seed: 5 };

/** Round 1: proposals 11 (kept, p 0.5 > q 0.25) and 12 (rejected, p 0.05, q 0.4); 15 drawn instead. */
const SAMPLED: SpeculativeRound = {
  round: 1,
  proposed: [11, 12, 13],
  targetTokens: [11, 14, 16, 17],
  accepted: 1,
  token: 15,
  tokenKind: 'correction',
  added: [11, 15],
  acceptProbabilities: [1, 0.125],
  targetProbs: [0.5, 0.05],
  draftProbs: [0.25, 0.4],
  tokenProb: 0.3,
  draftMs: 1,
  targetMs: 1,
  draftPasses: 3,
  targetPasses: 2,
  generated: 3,
};

function markup(round: SpeculativeRound, sampled: boolean): string {
  const draft = modelFromId('tiny-gpt2-draft');
  if (!draft) throw new Error('tiny-gpt2-draft is in the catalogue');
  const run: StrategyRun = {
    requestId: 1,
    modelId: 'tiny-gpt2',
    settings: {
      strategy: 'speculative',
      k: 3,
      maxTokens: 20,
      draft,
      ...(sampled ? { sampling: SAMPLING } : {}),
    },
    promptIds: [1],
    status: 'done',
    beamSteps: [],
    rounds: [],
    specRounds: [round],
    draftLoad: null,
    outcome: null,
    problem: null,
  };
  return renderToStaticMarkup(createElement(SpeculativeRounds, { run }));
}

/** The text of each element with `testId`, in order. */
const texts = (html: string, testId: string): string[] =>
  [...html.matchAll(new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`, 'g'))].map((m) => m[1]);

describe('a sampled speculative run on the page', () => {
  it('shows p, q and min(1, p/q) at each checked proposal, and the residual draw', () => {
    const html = markup(SAMPLED, true);
    expect(html).toContain('data-testid="spec-sampling" data-temperature="0.8" data-seed="5"');
    expect(texts(html, 'spec-same-as-greedy')[0]).toContain('as the model’s own sampling');
    const checks = texts(html, 'spec-check');
    expect(checks).toHaveLength(2);
    expect(checks[0]).toMatch(/p = 0\.500, q = 0\.250, .* = 1\.000: kept$/);
    expect(checks[1]).toMatch(/p = 0\.050, q = 0\.400, .* = 0\.125: rejected$/);
    expect(html).toContain('data-verdict="rejected" data-token-id="12"');
    const draw = texts(html, 'spec-draw');
    expect(draw[0]).toContain('drawn from the residual max(0, p − q)');
    expect(draw[0]).toContain('0.300');
    expect(html).toContain('data-from="residual" data-token-id="15"');
    // The argmax row is greedy's check, not the rule's: a sampled round does not show it.
    expect(html).not.toContain('data-testid="spec-target"');
  });

  it('has the rule’s words in Chinese', () => {
    // Server rendering reads the store's first state (English): the lines are checked as the
    // dictionary gives them.
    const values = { token: 'x', p: '0.050', q: '0.400', a: '0.125', r: '0.300' };
    expect(translate('zh-CN', 'specCheckRejected', values)).toBe(
      'x：p = 0.050，q = 0.400，保留概率 min(1, p/q) = 0.125：拒绝',
    );
    expect(translate('zh-CN', 'specResidualDraw', values)).toContain('残差 max(0, p − q)');
    expect(translate('zh-CN', 'specSampledIntro', { temperature: 0.8, seed: 5 })).toContain(
      '温度 0.8（随机种子 5）',
    );
  });

  it('shows no rule details for a greedy run', () => {
    const greedy: SpeculativeRound = {
      ...SAMPLED,
      acceptProbabilities: undefined,
      targetProbs: undefined,
      draftProbs: undefined,
      tokenProb: undefined,
      token: 14,
      added: [11, 14],
    };
    const html = markup(greedy, false);
    expect(html).not.toContain('data-testid="spec-check"');
    expect(html).not.toContain('data-testid="spec-sampling"');
    expect(html).toContain('data-testid="spec-target"');
    expect(texts(html, 'spec-same-as-greedy')[0]).toContain('plain greedy decoding');
  });

  it('reads small probabilities to two significant digits', () => {
    expect(formatProb(0.25)).toBe('0.250');
    expect(formatProb(0.000123)).toBe('0.00012');
    expect(formatProb(0)).toBe('0.000');
  });
});
