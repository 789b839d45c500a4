import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ARTICLE_PROMPT, ARTICLE_TOKENS } from '../src/engine/testing/articleRun';
import { cliTokenIds } from './cli';
import { stepIds } from './timeline';

/**
 * The real GPT-2 (124M) in the page, on WASM: the article's run, the CLI's tokens, and the run as
 * code that gives the same tokens in Python's transformers. Needs the model in public/models/gpt2
 * (`npm run models:fetch -- gpt2`, with internet access); without it the test is skipped and says
 * so, as the unit golden test does.
 */
const GPT2 = 'public/models/gpt2';
const present = existsSync(`${GPT2}/config.json`);
const SKIPPED = `no ${GPT2}/config.json: run \`npm run models:fetch -- gpt2\` with internet access`;

if (!present) console.log(`e2e/gpt2.spec.ts skipped: ${SKIPPED}`);

test.describe('the real GPT-2', () => {
  test.skip(!present, SKIPPED);

  test('gives the article’s 19 tokens, the CLI’s, and copies them as Python', async ({ page }) => {
    test.setTimeout(600_000);
    const prompt = encodeURIComponent(ARTICLE_PROMPT);
    await page.goto(`/?model=gpt2&ep=wasm&prompt=${prompt}&steps=19&autoplay=1&lang=en`);
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 480_000,
    });
    expect(await stepIds(page)).toEqual(ARTICLE_TOKENS);
    expect(cliTokenIds(ARTICLE_PROMPT, 19, GPT2)).toEqual(ARTICLE_TOKENS);

    // The code names the Hub's GPT-2 and decodes greedily: in transformers it gives these tokens.
    const py = (await page.getByTestId('code-python').textContent()) ?? '';
    expect(py).toContain('"openai-community/gpt2"');
    expect(py).toContain('do_sample=False');
    expect(py).toContain('max_new_tokens=19,');
    expect(py).not.toMatch(/has no id on the Hugging Face Hub/);
    const js = (await page.getByTestId('code-transformersjs').textContent()) ?? '';
    expect(js).toContain('"Xenova/gpt2"');
    expect(js).toContain('do_sample: false');
  });
});
