import { expect, test } from '@playwright/test';
import { cliTokenIds } from './cli';
import { countArrivingSteps, stepsReceived, stopAfter } from './stopTiming';
import { stepIds } from './timeline';

const PROMPT = 'Once upon a time';

/** Without the KV cache, every step reads the whole sequence again: same tokens, more time. */
test.describe('the cache off', () => {
  test('cache=0 gives the same tokens as the cached loop, the run labelled so', async ({
    page,
  }) => {
    const query = new URLSearchParams({
      model: 'tiny-gpt2',
      prompt: PROMPT,
      steps: '30',
      strategy: 'greedy',
      ep: 'wasm',
      cache: '0',
      autoplay: '1',
    });
    await page.goto(`/?${query}`);
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
    await expect(page.getByTestId('cache-toggle')).not.toBeChecked();
    await expect(page.getByTestId('timeline-step')).toHaveCount(30);
    expect(await stepIds(page)).toEqual(cliTokenIds(PROMPT, 30));
    await expect(page.getByTestId('run-settings')).toContainText('no KV cache');
    // A cache-off run is not offered its own cache-off twin.
    await expect(page.getByTestId('rerun-without-cache')).toHaveCount(0);
  });

  test('warns of a long run without the cache, and Stop halts it between steps', async ({
    page,
  }) => {
    await countArrivingSteps(page);
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=1024&cache=0');
    await expect(page.getByTestId('cache-off-warning')).toBeVisible();
    await page.getByTestId('cache-toggle').check();
    await expect(page.getByTestId('cache-off-warning')).toHaveCount(0);
    await page.getByTestId('cache-toggle').uncheck();
    const status = page.getByTestId('app-status');
    const timeline = page.getByTestId('timeline');
    const count = async () => Number(await timeline.getAttribute('data-steps'));
    await page.getByTestId('step-button').click();
    await expect(status).toHaveAttribute('data-state', 'paused', { timeout: 90_000 });
    await page.getByTestId('continue-button').click();
    await stopAfter(page, (await stepsReceived(page)) + 3);
    await expect(status).toHaveAttribute('data-state', 'paused');
    const stopped = await count();
    // The context (256 positions) would end the run at 253 steps: Stop came well before.
    expect(stopped).toBeGreaterThanOrEqual(4);
    expect(stopped).toBeLessThan(253);
    await page.waitForTimeout(500);
    expect(await count()).toBe(stopped);
    await expect(page.getByTestId('run-settings')).toContainText('no KV cache');
  });

  test('"Run the same without the cache" opens a comparison of both totals', async ({ page }) => {
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=20&strategy=greedy&autoplay=1');
    const status = page.getByTestId('app-status');
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    const cachedIds = await stepIds(page);
    await page.getByTestId('rerun-without-cache').click();
    await expect(page.getByTestId('run-item')).toHaveCount(2);
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    expect(await stepIds(page)).toEqual(cachedIds);
    const compare = page.getByTestId('compare-runs');
    await expect(compare).toBeVisible();
    // The same tokens: the comparison finds no step where they differ.
    await expect(compare).toHaveAttribute('data-diverge-step', '');
    await expect(page.getByTestId('compare-time-chart')).toBeVisible();
    const times = page.getByTestId('compare-time');
    await expect(times).toHaveCount(2);
    const runIds = await page
      .getByTestId('run-item')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-run-id')));
    const shown = await times.evaluateAll((nodes) =>
      nodes.map((n) => [n.getAttribute('data-run-id'), Number(n.getAttribute('data-total-ms'))]),
    );
    expect(shown.map(([id]) => id)).toEqual(runIds);
    for (const [, total] of shown) expect(total).toBeGreaterThan(0);
    await expect(times.nth(1)).toContainText('without the cache');
  });
});
