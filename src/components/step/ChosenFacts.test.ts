/**
 * The chosen token's rank: "of N" over the model's ids where their number is known, the bare rank
 * for a run shown by ids whose model is not loaded (its size unknown), never "of 0".
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { stepRecord } from '../../store/testing/fixtures';
import { ChosenFacts, type ChosenFactsProps } from './ChosenFacts';

const t: ChosenFactsProps['t'] = (key, values) => translate('en', key, values);

const rankText = (vocabSize: number): string =>
  renderToStaticMarkup(
    createElement(ChosenFacts, {
      step: stepRecord(1),
      rank: 3,
      cutoffDraw: false,
      topCount: 20,
      vocabSize,
      t,
    }),
  );

describe('the chosen token’s rank', () => {
  it('names the ids it runs over where their number is known', () => {
    expect(rankText(151_936)).toContain('3 of 151,936 tokens');
  });

  it('is the bare rank where it is not', () => {
    const html = rankText(0);
    expect(html).not.toContain('of 0');
    expect(html).toMatch(/<dd>3<\/dd>/);
  });
});
