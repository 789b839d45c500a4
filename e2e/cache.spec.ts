import { expect, test, type Page, type Worker } from '@playwright/test';
import { cliTokenIds } from './cli';
import { countArrivingSteps, logEngine, stepsReceived, stopAfter, stopReport } from './stopTiming';
import { stepIds } from './timeline';

const PROMPT = 'Once upon a time';
/** tiny-gpt2's context: a run stops once its steps have read this many positions. */
const CONTEXT = 256;

/** The app's engine worker (onnxruntime's WASM threads are workers too, named `em-pthread…`). */
async function engineWorker(page: Page): Promise<Worker> {
  for (const worker of page.workers()) {
    const name = await worker.evaluate(() => self.name).catch(() => '');
    if (name === 'stepwise-engine') return worker;
  }
  throw new Error('no engine worker');
}

/** The prompt's token count, once its chips are drawn (they come after the page's first paint). */
async function promptTokens(page: Page): Promise<number> {
  const chips = page.getByTestId('prompt-chip');
  await expect(chips.first()).toBeVisible();
  return chips.count();
}

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

  test('warns of a long run without the cache with its cost in positions, and Stop halts it between steps', async ({
    page,
  }) => {
    await countArrivingSteps(page);
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=1024&cache=0');
    const warning = page.getByTestId('cache-off-warning');
    await expect(warning).toBeVisible();
    // Its figure: positions computed in all, without the cache and with it, up to the context.
    const p = await promptTokens(page);
    const made = CONTEXT - p + 1;
    await expect(warning).toHaveAttribute(
      'data-positions-without',
      String(made * p + (made * (made - 1)) / 2),
    );
    await expect(warning).toHaveAttribute('data-positions-with', String(CONTEXT));
    await expect(warning).toContainText('times as many');
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

  test('Stop during a long run without the cache halts it within a step; Continue ends it at the context', async ({
    page,
  }) => {
    await countArrivingSteps(page);
    // About 150 prompt tokens: every step reads its 150-odd positions again, in blocks of 64.
    const prompt = encodeURIComponent('the '.repeat(150).trim());
    await page.goto(
      `/?model=tiny-gpt2&ep=wasm&strategy=greedy&steps=1024&cache=0&prompt=${prompt}`,
    );
    const p = await promptTokens(page);
    expect(p).toBeGreaterThan(128);
    const status = page.getByTestId('app-status');
    const timeline = page.getByTestId('timeline');
    const count = async () => Number(await timeline.getAttribute('data-steps'));
    await page.getByTestId('step-button').click();
    await expect(status).toHaveAttribute('data-state', 'paused', { timeout: 90_000 });
    const worker = await engineWorker(page);
    await logEngine(page, worker);

    await page.getByTestId('continue-button').click();
    const postedByClick = await stopAfter(page, (await stepsReceived(page)) + 3);
    await expect(status).toHaveAttribute('data-state', 'paused');
    const stopped = await count();
    const report = await stopReport(worker, postedByClick);
    expect(report.postedByRead).toBeLessThanOrEqual(report.postedByClick + 1);
    expect(stopped).toBe(report.postedByRead);
    await page.waitForTimeout(500);
    expect(await count()).toBe(stopped);

    // Taken up again, the run loses and repeats no step: it ends where the context does.
    await page.getByTestId('continue-button').click();
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'context_limit');
    expect(await count()).toBe(CONTEXT - p + 1);
    await expect(page.getByTestId('run-settings')).toContainText('no KV cache');
  });

  test('cache=1 turns the cache back on over a saved setting without it', async ({ page }) => {
    await page.goto('/?model=tiny-gpt2&ep=wasm&cache=0');
    await expect(page.getByTestId('cache-toggle')).not.toBeChecked();
    // The setting is kept: a plain reload still has the cache off.
    await page.goto('/?model=tiny-gpt2&ep=wasm');
    await expect(page.getByTestId('cache-toggle')).not.toBeChecked();
    const query = new URLSearchParams({
      model: 'tiny-gpt2',
      ep: 'wasm',
      prompt: PROMPT,
      steps: '6',
      strategy: 'greedy',
      cache: '1',
      autoplay: '1',
    });
    await page.goto(`/?${query}`);
    await expect(page.getByTestId('cache-toggle')).toBeChecked();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
    expect(await stepIds(page)).toEqual(cliTokenIds(PROMPT, 6));
    await expect(page.getByTestId('run-settings').last()).not.toContainText('no KV cache');
    await expect(page.getByTestId('rerun-without-cache')).toBeVisible();
    await expect(page.getByTestId('notice')).toHaveCount(0);
  });
});
