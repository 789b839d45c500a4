/**
 * The speculative rounds as the page draws them (rendered to markup): a round shows what it
 * added, cut at end-of-text, and its counters count only up to there; a round with nothing
 * proposed says its token is the model's own.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { modelFromId } from '../../engine/modelCatalog';
import type { SpeculativeRound } from '../../engine/strategies/speculative';
import type { StrategyRun } from '../../store/strategyStore';
import { SpeculativeRounds } from './SpeculativeRounds';

const EOS = 50256;

const round = (extra: Partial<SpeculativeRound>): SpeculativeRound => ({
  round: 1,
  proposed: [],
  targetTokens: [],
  accepted: 0,
  token: 0,
  tokenKind: 'correction',
  added: [],
  draftMs: 1,
  targetMs: 1,
  draftPasses: 0,
  targetPasses: 2,
  generated: 1,
  ...extra,
});

function markup(specRounds: SpeculativeRound[]): string {
  const draft = modelFromId('tiny-gpt2-draft');
  if (!draft) throw new Error('tiny-gpt2-draft is in the catalogue');
  const run: StrategyRun = {
    requestId: 1,
    modelId: 'tiny-gpt2',
    settings: { strategy: 'speculative', k: 4, maxTokens: 20, draft },
    promptIds: [1],
    status: 'running',
    beamSteps: [],
    rounds: [],
    specRounds,
    draftLoad: null,
    outcome: null,
    problem: null,
  };
  return renderToStaticMarkup(createElement(SpeculativeRounds, { run }));
}

/** The token ids drawn in the "kept this round" row, in order. */
const drawnAdded = (html: string): number[] => {
  const row = /data-testid="spec-added"[^>]*>(.*?)<\/dd>/s.exec(html)?.[1] ?? '';
  return [...row.matchAll(/data-token-id="(\d+)"/g)].map((m) => Number(m[1]));
};

/** The label after the added tokens: what the target's token was, or the end of the text. */
const kindLabel = (html: string): string => /class="spec-kind">([^<]*)</.exec(html)?.[1] ?? '';

describe('SpeculativeRounds', () => {
  it('draws a round’s added tokens cut at end-of-text, and counts only those', () => {
    // All four proposals kept, the second is the end: the rest and the bonus are no output.
    const html = markup([
      round({
        proposed: [11, EOS, 12, 13],
        targetTokens: [11, EOS, 12, 13, 14],
        accepted: 4,
        token: 14,
        tokenKind: 'bonus',
        added: [11, EOS],
        draftPasses: 4,
        generated: 3,
      }),
    ]);
    expect(drawnAdded(html)).toEqual([11, EOS]);
    expect(html).not.toContain('data-testid="spec-token"');
    expect(kindLabel(html)).toBe('end of text: nothing after it is kept');
    expect(html).toContain('data-accepted="2" data-proposed="2"');
  });

  it('draws the kept proposals and the target’s token when no end-of-text cuts them', () => {
    const html = markup([
      round({
        proposed: [11, 12],
        targetTokens: [11, 15, 16],
        accepted: 1,
        token: 15,
        added: [11, 15],
        draftPasses: 2,
        generated: 3,
      }),
    ]);
    expect(drawnAdded(html)).toEqual([11, 15]);
    expect(html).toContain('data-testid="spec-token"');
    expect(kindLabel(html)).toBe('correction');
    expect(html).toContain('data-accepted="1" data-proposed="2"');
  });

  it('says the token of a round with nothing proposed is the model’s own', () => {
    const html = markup([round({ targetTokens: [15], token: 15, tokenKind: 'own', added: [15] })]);
    expect(drawnAdded(html)).toEqual([15]);
    expect(html).toContain('data-token-kind="own"');
    expect(kindLabel(html)).toBe('the model’s own token (nothing proposed to check)');
  });
});
