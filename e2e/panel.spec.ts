import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/**
 * The settings panel shows the run on screen: selecting or importing a run loads its settings,
 * and a change of settings says that the next Generate or Step starts a new run. Chinese: the
 * page follows the browser's language until one is picked, and splits no character unexplained.
 */

const status = (page: Page) => page.getByTestId('app-status');
const SAMPLED = '&strategy=sample&temperature=0.7&topK=40&topP=0.9&seed=7';

async function finishedRun(page: Page, query: string, steps: number): Promise<void> {
  await page.goto(`/?model=tiny-gpt2&ep=wasm&steps=${steps}&autoplay=1${query}`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
}

/** The panel's values: prompt, step count, strategy, temperature, top-k, top-p, seed. */
async function panel(page: Page): Promise<string[]> {
  const ids = ['prompt-input', 'steps-input', 'strategy-select'];
  const more = ['temperature-input', 'top-k-input', 'top-p-input', 'seed-input'];
  return Promise.all([...ids, ...more].map((id) => page.getByTestId(id).inputValue()));
}

test.describe('the settings panel', () => {
  test('shows the run selected or imported, with its sampling settings', async ({
    page,
    browser,
  }) => {
    await finishedRun(page, `&prompt=The%20cat${SAMPLED}`, 3);
    const download = page.waitForEvent('download');
    await page.getByTestId('export-button').click();
    const file = readFileSync(await (await download).path());
    const sampled = ['The cat', '3', 'sample', '0.7', '40', '0.9', '7'];
    expect(await panel(page)).toEqual(sampled);

    // A greedy run after it, then the sampled one selected again: the panel follows.
    await page.getByTestId('strategy-select').selectOption('greedy');
    await page.getByTestId('prompt-input').fill('Once upon a time');
    await page.getByTestId('generate-button').click();
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await page.getByTestId('run-item').first().locator('.run-open').click();
    expect(await panel(page)).toEqual(sampled);
    await expect(page.getByTestId('settings-changed')).toHaveCount(0);

    // Imported into a fresh page, whose form says greedy and T = 1.
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto('/?model=tiny-gpt2&ep=wasm');
    await expect(fresh.getByTestId('strategy-select')).toHaveValue('greedy');
    await fresh
      .getByTestId('import-input')
      .setInputFiles({ name: 'cat.json', mimeType: 'application/json', buffer: file });
    await expect(fresh.getByTestId('run-item')).toHaveCount(1);
    expect(await panel(fresh)).toEqual(sampled);
    await expect(fresh.getByTestId('settings-changed')).toHaveCount(0);
    await context.close();
  });

  test('a change of settings starts a new run on Step; unchanged, Step goes on', async ({
    page,
  }) => {
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=8');
    await page.getByTestId('step-button').click();
    await expect(status(page)).toHaveAttribute('data-state', 'paused', { timeout: 90_000 });
    const continueButton = page.getByTestId('continue-button');
    await expect(continueButton).toBeEnabled();

    // Greedy: the sampling fields say why they are off.
    const why = page.getByTestId('sampling-only-hint');
    await expect(why).toHaveText(
      'Greedy decoding always takes the most likely token: these apply to sampling.',
    );
    await expect(page.getByTestId('temperature-input')).toBeDisabled();
    await expect(page.getByTestId('temperature-input')).toHaveAccessibleDescription(
      await why.innerText(),
    );

    await page.getByTestId('strategy-select').selectOption('sample');
    await expect(why).toHaveCount(0);
    const changed = page.getByTestId('settings-changed');
    await expect(changed).toHaveText(
      'Changed settings: the next Generate or Step starts a new run.',
    );
    await expect(continueButton).toBeDisabled();
    await expect(continueButton).toHaveAccessibleDescription(/shown run’s own settings/);

    // Step starts a new run of one step with the panel's settings; the old one stays.
    await page.getByTestId('step-button').click();
    await expect(page.getByTestId('run-item')).toHaveCount(2);
    await expect(status(page)).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', '1');
    await expect(changed).toHaveCount(0);
    await expect(continueButton).toBeEnabled();

    // Unchanged settings: Step adds to the shown run.
    await page.getByTestId('step-button').click();
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', '2');
    await expect(page.getByTestId('run-item')).toHaveCount(2);

    // Back to the first run: its greedy settings return, and the panel matches it again.
    await page.getByTestId('run-item').first().locator('.run-open').click();
    await expect(page.getByTestId('strategy-select')).toHaveValue('greedy');
    await expect(changed).toHaveCount(0);
  });
});

test.describe('Chinese', () => {
  test('follows the browser’s language until the user picks one', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/?model=tiny-gpt2&ep=wasm');
    await expect(page.getByTestId('language-select')).toHaveValue('zh-CN');
    await expect(page).toHaveTitle('Stepwise — 看 GPT-2 逐个词元生成文本');
    await expect(page.getByTestId('generate-button')).toHaveText('生成');
    // `lang=` in the URL wins for that page, without becoming the user's pick.
    await page.goto('/?model=tiny-gpt2&ep=wasm&lang=en');
    await expect(page.getByTestId('language-select')).toHaveValue('en');
    await page.goto('/?model=tiny-gpt2&ep=wasm');
    await expect(page.getByTestId('language-select')).toHaveValue('zh-CN');
    // The user's pick is kept across visits.
    await page.getByTestId('language-select').selectOption('en');
    await expect(page).toHaveTitle('Stepwise — one token at a time');
    await page.waitForTimeout(1500); // saved state is written about once a second
    await page.goto('/?model=tiny-gpt2&ep=wasm');
    await expect(page.getByTestId('language-select')).toHaveValue('en');
    await context.close();
  });

  test('groups the byte pieces of a character, and says everything in Chinese', async ({
    page,
  }) => {
    const prompt = encodeURIComponent('今天天气很好');
    await finishedRun(page, `&lang=zh-CN&prompt=${prompt}${SAMPLED}`, 5);
    await expect(page.getByTestId('ep-select').locator('option')).toHaveText([
      '自动',
      'WebGPU',
      'WASM',
    ]);
    // 今, 气, 很 and 好 are two byte tokens each; 天 is a token of its own.
    const groups = page.getByTestId('prompt-chips').getByTestId('char-group');
    await expect(groups).toHaveCount(4);
    expect(await groups.evaluateAll((g) => g.map((e) => e.getAttribute('data-char')))).toEqual([
      '今',
      '气',
      '很',
      '好',
    ]);
    await expect(groups.first().getByTestId('prompt-chip')).toHaveCount(2);
    await expect(page.getByTestId('byte-pieces-note')).toContainText('GPT-2 的词表主要');
    const marked = page.locator('[data-testid=context-token][data-source=prompt][data-char-group]');
    expect(
      await marked.evaluateAll((t) => t.map((e) => e.getAttribute('data-char-group'))),
    ).toEqual(['start', 'end', 'start', 'end', 'start', 'end', 'start', 'end']);
    await expect(page.locator('[data-testid=context-token][data-char="今"]')).toHaveCount(1);

    // The step detail's probability at T = 1, with a full-width colon.
    await expect(page.getByTestId('step-detail').locator('.sd-prob small').first()).toHaveText(
      /^T = 1 时：\d/,
    );
    await expect(page.locator('[data-testid=timeline-step][data-step="1"]')).toHaveAttribute(
      'title',
      /^第 1 步 · id \d+ · [\d.]+% · [\d.]+ 毫秒$/,
    );

    // An import that fails says why in Chinese.
    await page.getByTestId('import-input').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"stepwise-run","version":1}'),
    });
    await expect(page.getByTestId('error-message')).toContainText(
      '无法导入 bad.json：文件缺少导出时间，应为：最多 100 个字符的文本',
    );
  });
});

// `STEPWISE_SCREENSHOT=1` writes docs/screenshot-zh.png: the page in Chinese at 1280×800, after
// a finished run of a Chinese prompt, showing step 3.
test('the Chinese screenshot', async ({ page }) => {
  test.skip(!process.env.STEPWISE_SCREENSHOT, 'set STEPWISE_SCREENSHOT=1 to write it');
  await page.setViewportSize({ width: 1280, height: 800 });
  const prompt = encodeURIComponent('今天天气很好');
  await finishedRun(page, `&lang=zh-CN&prompt=${prompt}${SAMPLED}`, 8);
  await page.locator('[data-testid=timeline-step][data-step="3"]').click();
  await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '3');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshot-zh.png', animations: 'disabled' });
});
