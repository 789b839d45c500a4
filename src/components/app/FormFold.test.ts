/**
 * What the phone's fold hides (rendered to markup, and the fold's style sheet): the settings
 * fields only, never the run buttons, so Stop stays in reach while a run folds the fields; the
 * fold button names the box it folds.
 */
import { readFileSync } from 'node:fs';
import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SETTINGS_FIELDS_ID } from '../../store/formFold';
import { Controls } from '../setup/Controls';
import { FormFold } from './FormFold';

const html = renderToStaticMarkup(
  createElement(Fragment, null, createElement(FormFold), createElement(Controls)),
);
const css = readFileSync(new URL('./FormFold.css', import.meta.url), 'utf8');

/** The markup from the folding box's start to the run buttons' box. */
const foldedPart = (): string => {
  const start = html.indexOf(`id="${SETTINGS_FIELDS_ID}"`);
  const buttons = html.indexOf('class="buttons"');
  expect(start).toBeGreaterThanOrEqual(0);
  expect(buttons).toBeGreaterThan(start);
  return html.slice(start, buttons);
};

describe('the settings fold on a phone', () => {
  it('folds the settings fields and keeps the run buttons out of them', () => {
    const folded = foldedPart();
    expect(folded).toContain('data-testid="prompt-input"');
    expect(folded).toContain('data-testid="ep-select"');
    // The folding box closes before the buttons: they are not inside it.
    const box = /<div class="controls-fields"[^>]*>/.exec(html)?.[0] ?? '';
    expect(box).toContain(`id="${SETTINGS_FIELDS_ID}"`);
    for (const id of ['stop-button', 'step-button', 'continue-button', 'generate-button']) {
      expect(folded).not.toContain(`data-testid="${id}"`);
      expect(html).toContain(`data-testid="${id}"`);
    }
    // Only the fields' box hides when folded, not the whole form.
    const rule = /\.app-side-folded ([^{]+)\{\s*display: none;/.exec(css)?.[1]?.trim();
    expect(rule).toBe('.controls-fields');
  });

  it('names the fields it folds on its button', () => {
    expect(html).toMatch(
      new RegExp(
        `data-testid="settings-fold"[^>]*aria-controls="${SETTINGS_FIELDS_ID}"|aria-controls="${SETTINGS_FIELDS_ID}"[^>]*data-testid="settings-fold"`,
      ),
    );
  });
});
