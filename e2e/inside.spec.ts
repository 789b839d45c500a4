import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const status = (page: Page) => page.getByTestId('app-status');

/** Generates "Once upon a time" (4 tokens) on tiny-gpt2 with WASM, then opens `extra`. */
async function finishedRun(page: Page, steps: number, extra = ''): Promise<void> {
  const prompt = encodeURIComponent('Once upon a time');
  await page.goto(`/?model=tiny-gpt2&ep=wasm&prompt=${prompt}&steps=${steps}&autoplay=1${extra}`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', String(steps));
}

/** Axe's serious and critical violations on the page as it is (see a11y.spec.ts). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}

test.use({ reducedMotion: 'reduce' });

const numberAt = async (page: Page, testId: string, name: string): Promise<number> =>
  Number(await page.getByTestId(testId).getAttribute(name));

test.describe('the prefill and the KV cache', () => {
  test('the prefill block stands before step 1, with its tokens and time', async ({ page }) => {
    await finishedRun(page, 6);
    const block = page.getByTestId('prefill-block');
    await expect(block).toHaveAttribute('data-tokens', '4');
    // Its time is step 1's: the run that read the whole prompt.
    const step1 = page.locator('[data-testid=timeline-step][data-step="1"]');
    await expect(block).toHaveAttribute('data-ms', (await step1.getAttribute('data-ms'))!);
    await expect(block).toContainText('4');
    const blockBox = (await block.boundingBox())!;
    const cellBox = (await step1.boundingBox())!;
    expect(blockBox.x + blockBox.width).toBeLessThanOrEqual(cellBox.x + 1);
    // A click shows the prefill; a click on a cell after it shows that cell's step.
    await block.click();
    await expect(page.getByTestId('prefill-view')).toBeVisible();
    await expect(page.getByTestId('step-detail')).toHaveCount(0);
    await expect(page.getByTestId('playback-position')).toHaveText('0 / 6');
    await page.locator('[data-testid=timeline-step][data-step="3"]').click();
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '3');
    // Back from step 1 reaches the prefill.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('prefill-view')).toBeVisible();
  });

  test('step=0 opens the prefill view with its measured ratio', async ({ page }) => {
    await finishedRun(page, 8, '&step=0');
    const view = page.getByTestId('prefill-view');
    await expect(view).toBeVisible();
    await expect(page.getByTestId('prefill-block')).toHaveAttribute('aria-current', 'step');
    const ratio = page.getByTestId('prefill-ratio');
    const value = Number(await ratio.getAttribute('data-ratio'));
    expect(value).toBeGreaterThan(0);
    // The ratio is the prefill's time over the median decode step's (steps 2–8).
    const ms = await page
      .getByTestId('timeline-step')
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-ms'))));
    const decode = ms.slice(1).sort((a, b) => a - b);
    const median = decode[(decode.length - 1) / 2];
    expect(value).toBeCloseTo(ms[0] / median, 1);
    // The cache after the prefill holds the prompt's 4 positions.
    await expect(page.getByTestId('kv-cache')).toHaveAttribute('data-rows', '4');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('step=3 shows the KV cache after step 3: 4 + 2 positions', async ({ page }) => {
    await finishedRun(page, 5, '&step=3&lang=zh-CN');
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '3');
    const cache = page.getByTestId('kv-cache');
    await expect(cache).toHaveAttribute('data-rows', '6');
    const context = await page
      .locator('[data-testid=timeline-step][data-step="3"]')
      .getAttribute('data-context-length');
    await expect(cache).toHaveAttribute('data-rows', context!);
    const layers = await numberAt(page, 'kv-cache', 'data-layers');
    const heads = await numberAt(page, 'kv-cache', 'data-heads');
    const headDim = await numberAt(page, 'kv-cache', 'data-head-dim');
    expect([layers, heads, headDim]).toEqual([2, 4, 16]); // tiny-gpt2
    const bytes = await numberAt(page, 'kv-cache', 'data-bytes');
    expect(bytes).toBe(2 * layers * 6 * heads * headDim * 4);
    // The grid grows by one column a step.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await expect(cache).toHaveAttribute('data-rows', '7');
    const columns = cache.locator('.kv-row').first().locator('.kv-cell');
    await expect(columns).toHaveCount(7);
    await expect(cache.locator('.kv-row').first().locator('.kv-written')).toHaveCount(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('prefill-block').click();
    await expect(page.getByTestId('prefill-view')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('a step the run does not have is named in the notice', async ({ page }) => {
    await finishedRun(page, 4, '&step=999');
    const notice = page.locator('[data-testid=notice][data-key=noticeUrlParam]');
    await expect(notice).toContainText('step');
    await expect(notice).toContainText('999');
    // What it expects: the steps of the run shown.
    await expect(notice).toContainText('from 0 (the prefill) to 4');
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '4');
  });

  test('a step that is no step number is named in the notice, like any bad parameter', async ({
    page,
  }) => {
    await finishedRun(page, 3, '&step=-2&lang=zh-CN');
    const notice = page.locator('[data-testid=notice][data-key=noticeUrlParam]');
    await expect(notice).toContainText('step');
    await expect(notice).toContainText('-2');
    await expect(notice).toContainText('0 到 1024');
    await page.getByTestId('language-select').selectOption('en');
    await expect(notice).toContainText('an integer from 0 to 1024');
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '3');
  });
});
