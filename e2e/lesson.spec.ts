import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * The lesson: every chapter's "Show me" reaches the state its text talks about, driven from the
 * keyboard; `lesson=N`, the remembered chapter and presenter mode's number keys; and a 390 px phone,
 * where the settings form folds away after Generate.
 */

test.use({ reducedMotion: 'reduce' });

const status = (page: Page) => page.getByTestId('app-status');
const panel = (page: Page) => page.getByTestId('lesson-panel');

/** Presses a control with the keyboard: focus, then Enter. */
async function press(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).focus();
  await page.keyboard.press('Enter');
}

/** The next chapter, by keyboard, then its "Show me". */
async function showChapter(page: Page, chapter: number): Promise<void> {
  if (chapter > 1) await press(page, 'lesson-next');
  await expect(panel(page)).toHaveAttribute('data-chapter', String(chapter));
  await expect(page.getByTestId('lesson-show-me')).toHaveAttribute('aria-disabled', 'false');
  await press(page, 'lesson-show-me');
}

/**
 * Serious or critical axe violations of the page as it is; `projector`: of the lesson alone, with
 * presenter mode's 7:1 contrast.
 */
async function seriousViolations(page: Page, projector = false): Promise<string[]> {
  const rules = {
    'label-content-name-mismatch': { enabled: true },
    'color-contrast-enhanced': { enabled: projector },
  };
  const axe = new AxeBuilder({ page }).options({ rules });
  const results = await (projector ? axe.include('[data-testid=lesson-panel]') : axe).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}

test('each chapter’s "Show me" puts the page in its state, from the keyboard', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?model=tiny-gpt2&ep=wasm&lesson=1&prompt=Hello&steps=3');
  await expect(panel(page)).toHaveAttribute('data-chapter', '1');
  await expect(page.getByTestId('lesson-tiny-note')).toBeVisible();

  await test.step('1: the article’s loop, 19 greedy steps, step 1 shown', async () => {
    await showChapter(page, 1);
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('prompt-input')).toHaveValue('Once upon a time');
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', '19');
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '1');
    // The answer is hidden until asked for.
    await expect(page.getByTestId('lesson-answer')).toBeHidden();
    await press(page, 'lesson-answer-toggle');
    await expect(page.getByTestId('lesson-answer')).toContainText('22');
  });

  await test.step('2: a branch at step 2, compared with the run', async () => {
    await showChapter(page, 2);
    await expect(page.getByTestId('compare-runs')).toHaveAttribute('data-diverge-step', '2');
    await expect(status(page)).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '2');
    await expect(page.getByTestId('lesson-answer')).toBeHidden();
  });

  await test.step('3: the same run without the cache, times compared', async () => {
    await showChapter(page, 3);
    await expect(page.getByTestId('compare-time')).toHaveCount(2, { timeout: 90_000 });
    await expect(status(page)).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('cache-toggle')).not.toBeChecked();
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', '19');
    await expect(page.getByTestId('compare-runs')).not.toHaveAttribute('data-diverge-step', /./);
  });

  await test.step('4: inside step 5: the causal mask and the KV cache', async () => {
    await showChapter(page, 4);
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '5');
    await expect(page.getByTestId('cache-toggle')).toBeChecked();
    await expect(page.getByTestId('mask-grid')).toHaveAttribute('data-size', '8');
    await expect(page.getByTestId('kv-cache')).toHaveAttribute('data-rows', '8');
    // The article's loop was made once: chapter 4 reopened it instead of generating again.
    await expect(page.getByTestId('run-item')).toHaveCount(3);
  });

  await test.step('5: the AR(2) toy plays beside the run, and steps by hand', async () => {
    await showChapter(page, 5);
    const toy = page.getByTestId('lesson-ar');
    await expect(toy).not.toHaveAttribute('data-t', '2');
    await press(page, 'ar-play'); // pause
    const t = Number(await toy.getAttribute('data-t'));
    await press(page, 'ar-step');
    await expect(toy).toHaveAttribute('data-t', String(Math.min(t + 1, 40)));
    await expect(page.getByTestId('lesson-ar-now')).toContainText('=');
    expect(await seriousViolations(page)).toEqual([]);
  });

  await test.step('6: beam search with 2 beams, one step per token', async () => {
    await showChapter(page, 6);
    const view = page.getByTestId('strategy-run-view');
    await expect(view).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('decoding-select')).toHaveValue('beam');
    await expect(page.getByTestId('beams-input')).toHaveValue('2');
    expect(await page.getByTestId('beam-step').count()).toBeGreaterThan(1);
  });

  await test.step('7: Jacobi, then speculative decoding, the same tokens as greedy', async () => {
    await showChapter(page, 7);
    const view = page.getByTestId('strategy-run-view');
    await expect(view).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('decoding-select')).toHaveValue('jacobi');
    await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
    // The second Show me: the draft's guesses counted, the result still greedy's.
    await press(page, 'lesson-show-me-also');
    const rate = page.getByTestId('acceptance-rate');
    await expect(rate).toHaveAttribute('data-value', /^[01]\.\d{4}$/, { timeout: 90_000 });
    await expect(view).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('k-input')).toHaveValue('3');
    await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
  });

  await test.step('8: the comparison table, with what the page showed', async () => {
    await showChapter(page, 8);
    await expect(page.getByTestId('decoding-select')).toHaveValue('chain');
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '19');
    const table = page.getByTestId('lesson-table');
    await expect(table).toContainText('19 tokens in 19 steps');
    await expect(table).toContainText(/Speculative decoding: 19 tokens in \d+ passes/);
    await expect(page.getByTestId('lesson-next')).toHaveAttribute('aria-disabled', 'true');
    expect(await seriousViolations(page)).toEqual([]);
  });

  await test.step('2 again: the branch made before is reopened, not made twice', async () => {
    await page.locator('[data-testid=lesson-chapter-button][data-chapter="2"]').focus();
    await page.keyboard.press('Enter');
    await expect(panel(page)).toHaveAttribute('data-chapter', '2');
    await press(page, 'lesson-show-me');
    await expect(page.getByTestId('compare-runs')).toHaveAttribute('data-diverge-step', '2');
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '2');
    await expect(page.getByTestId('run-item')).toHaveCount(3);
  });
});

test('lesson=N opens a chapter, a reload keeps it, presenter keys jump', async ({ page }) => {
  await page.goto('/?model=tiny-gpt2&ep=wasm&lesson=3&lang=zh-CN');
  await expect(panel(page)).toHaveAttribute('data-chapter', '3');
  await expect(panel(page).getByRole('heading', { level: 2 })).toHaveText('并行计算，串行生成');
  await press(page, 'lesson-prev');
  await expect(panel(page)).toHaveAttribute('data-chapter', '2');

  // No `lesson` in the URL: the chapter the student left.
  await page.goto('/?model=tiny-gpt2&ep=wasm&lang=en');
  await expect(panel(page)).toHaveAttribute('data-chapter', '2');
  await expect(page.getByTestId('lesson-toggle')).toHaveAttribute('aria-pressed', 'true');

  // Out of range: named in a notice, the chapter kept.
  await page.goto('/?model=tiny-gpt2&ep=wasm&lesson=9');
  await expect(page.getByTestId('notice')).toContainText('lesson');
  await expect(panel(page)).toHaveAttribute('data-chapter', '2');

  // Presenter mode: the lesson stays in view; the number keys open chapters.
  await page.goto('/?model=tiny-gpt2&ep=wasm&present=1');
  await expect(panel(page)).toBeVisible();
  await page.keyboard.press('7');
  await expect(panel(page)).toHaveAttribute('data-chapter', '7');
  await page.keyboard.press('1');
  await expect(panel(page)).toHaveAttribute('data-chapter', '1');
  expect(await seriousViolations(page, true)).toEqual([]);

  // Closed, it stays closed after a reload.
  await press(page, 'lesson-toggle');
  await expect(panel(page)).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('lesson-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(panel(page)).toBeHidden();
});

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the settings form folds away after Generate and a button brings it back', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto('/?model=tiny-gpt2&ep=wasm&lesson=1');
    const prompt = page.getByTestId('prompt-input');
    const fold = page.getByTestId('settings-fold');
    await expect(prompt).toBeVisible();
    await expect(fold).toHaveAttribute('aria-expanded', 'true');
    await expect(fold).toHaveAttribute('aria-controls', 'settings-fields');
    const stop = page.getByTestId('stop-button');

    await press(page, 'lesson-show-me');
    // The fields fold as the run starts; the run buttons stay, Stop in reach.
    await expect(prompt).toBeHidden({ timeout: 90_000 });
    await expect(stop).toBeVisible();
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(fold).toHaveAttribute('aria-expanded', 'false');
    await expect(panel(page)).toBeVisible();
    await expect(page.getByTestId('step-detail')).toBeVisible();
    // Nothing wider than the phone.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    await press(page, 'settings-fold');
    await expect(prompt).toBeVisible();
    await page.getByTestId('generate-button').click();
    await expect(prompt).toBeHidden();
    await expect(stop).toBeVisible();
  });
});
