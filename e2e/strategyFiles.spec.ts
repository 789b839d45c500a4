/**
 * Strategy runs leave the page and come back: each strategy runs on tiny-gpt2, is exported, and
 * is imported into a fresh browser context that can load no model, where the views show the same
 * run; the run on screen survives a reload. Few page loads: this runs in CI on 2 cores.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openTiny, runStrategy, STEPS } from './strategyRun';

/** The run view as drawn: every element with its data attributes and text. */
const drawn = (page: Page): Promise<string> =>
  page.getByTestId('strategy-run-view').evaluate((view) => view.outerHTML);

/** Exports the run on screen; the file's contents. */
async function exported(page: Page): Promise<Buffer> {
  const download = page.waitForEvent('download');
  await page.getByTestId('strategy-export').click();
  const file = await (await download).path();
  return readFileSync(file);
}

interface Made {
  name: string;
  file: Buffer;
  html: string;
}

test('each strategy’s run is exported, survives a reload, and replays without a model', async ({
  page,
  browser,
}) => {
  const made: Made[] = [];
  await openTiny(page, { strategy: 'beam', beams: '3' });
  await expect(page.getByTestId('strategy-export')).toBeDisabled();

  await test.step('beam search, Jacobi and speculative decoding run and are exported', async () => {
    await runStrategy(page);
    // Three running beams a step (ended sequences and pruned candidates are nodes too).
    const running = page.locator('[data-testid=beam-node][data-kept=true]:not([data-ended])');
    await expect(running).toHaveCount(3 * STEPS);
    made.push({ name: 'beam', file: await exported(page), html: await drawn(page) });

    await page.getByTestId('decoding-select').selectOption('jacobi');
    await page.getByTestId('jacobi-lookup').check();
    await runStrategy(page);
    expect(await page.getByTestId('jacobi-iteration').count()).toBeGreaterThan(0);
    made.push({ name: 'jacobi', file: await exported(page), html: await drawn(page) });

    await page.getByTestId('decoding-select').selectOption('speculative');
    await page.getByTestId('k-input').fill('3');
    await runStrategy(page);
    expect(await page.getByTestId('spec-round').count()).toBeGreaterThan(0);
    await expect(page.getByTestId('acceptance-rate')).not.toHaveAttribute('data-value', '');
    made.push({ name: 'speculative', file: await exported(page), html: await drawn(page) });
  });

  await test.step('the run on screen survives a reload', async () => {
    await page.reload();
    await expect(page.getByTestId('strategy-run-view')).toHaveAttribute('data-status', 'done');
    expect(await drawn(page)).toBe(made[2].html);
    await expect(page.getByTestId('strategy-export')).toBeEnabled();
  });

  await test.step('a fresh browser that loads no model shows each imported run', async () => {
    const context = await browser.newContext();
    await context.route('**/models/**', (route) => route.abort());
    const offline = await context.newPage();
    await offline.goto('/?lang=en');
    const input = offline.getByTestId('import-input');
    for (const { name, file, html } of made) {
      await input.setInputFiles({
        name: `${name}.json`,
        mimeType: 'application/json',
        buffer: file,
      });
      await expect(offline.getByTestId('decoding-select')).toHaveValue(name);
      await expect(offline.getByTestId('strategy-run-view')).toHaveAttribute('data-status', 'done');
      expect(await drawn(offline), name).toBe(html);
    }
    await expect(offline.getByTestId('spec-round').first()).toHaveAttribute('data-round', '1');
    // A damaged file is refused with the reason; the run on screen stays.
    const damaged = JSON.parse(made[2].file.toString()) as { run: { settings: { k: number } } };
    damaged.run.settings.k = 9;
    await input.setInputFiles({
      name: 'damaged.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(damaged)),
    });
    await expect(offline.getByTestId('error-message')).toContainText('an integer from 1 to 8');
    expect(await drawn(offline)).toBe(made[2].html);
    await expect(offline.getByTestId('backend-badge')).toHaveCount(0); // no model was loaded
    await context.close();
  });
});
