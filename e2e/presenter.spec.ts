import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * Presenter mode at a projector's 1280×720: only the context strip and the shown step's
 * candidates, in large type and at 7:1 contrast, driven by the keys; the toggle (or Escape) gives
 * the whole page back.
 */

test.use({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });

const status = (page: Page) => page.getByTestId('app-status');
const shownStep = (page: Page) => page.getByTestId('step-detail');

/** Serious or critical axe violations, with AAA contrast (7:1) on the presented parts. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .options({
      rules: {
        'label-content-name-mismatch': { enabled: true },
        'color-contrast-enhanced': { enabled: true },
      },
    })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}

/** The font size in px of the first element `selector` finds on the page. */
const fontPx = (page: Page, selector: string): Promise<number> =>
  page
    .locator(selector)
    .first()
    .evaluate((node) => parseFloat(getComputedStyle(node).fontSize));

test('presenter mode from the URL shows the step in large type, driven by the keys', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/?model=tiny-gpt2&ep=wasm&steps=5&present=1&autoplay=1');
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const toggle = page.getByTestId('presenter-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  // Only the context and the step: the settings form, the run list and the timeline are hidden.
  await expect(page.getByTestId('prompt-input')).toBeHidden();
  await expect(page.getByTestId('generate-button')).toBeHidden();
  await expect(page.getByTestId('timeline')).toBeHidden();
  await expect(page.getByTestId('context-strip')).toBeVisible();
  await expect(shownStep(page)).toBeVisible();
  await expect(shownStep(page)).toHaveAttribute('data-step', '5');
  const candidates = shownStep(page).getByTestId('candidate');
  await expect(candidates.first()).toBeVisible();
  await expect(shownStep(page).locator('.sd-prob').first()).toBeVisible();
  await expect(page.locator('[data-testid=context-token][data-role=produced]')).toBeVisible();

  // Large enough for the back of the room, and everything shown is in the window.
  expect(await fontPx(page, '[data-testid=context-token]')).toBeGreaterThanOrEqual(28);
  expect(await fontPx(page, '[data-testid=candidate] .sd-token')).toBeGreaterThanOrEqual(28);
  const chosen = shownStep(page).locator('[data-testid=candidate][data-chosen=true]');
  await expect(chosen).toBeInViewport();

  // The keys drive the steps: Home, →, ←, End, then Space plays from the start and pauses.
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('Home');
  await expect(shownStep(page)).toHaveAttribute('data-step', '1');
  await page.keyboard.press('ArrowRight');
  await expect(shownStep(page)).toHaveAttribute('data-step', '2');
  await page.keyboard.press('ArrowRight');
  await expect(shownStep(page)).toHaveAttribute('data-step', '3');
  await page.keyboard.press('ArrowLeft');
  await expect(shownStep(page)).toHaveAttribute('data-step', '2');
  await page.keyboard.press('End');
  await expect(shownStep(page)).toHaveAttribute('data-step', '5');
  await page.keyboard.press(' ');
  await expect(shownStep(page)).not.toHaveAttribute('data-step', '5');
  await expect(shownStep(page)).toHaveAttribute('data-step', '5', { timeout: 30_000 });

  const found = await seriousViolations(page);
  expect(found, found.join('\n')).toEqual([]);

  // The guessing game, on before presenting, is played on the projector: Enter steps.
  await expect(page.getByTestId('guess-game')).toBeHidden();
  await page.keyboard.press('Escape');
  await page.getByTestId('guess-mode').check();
  await toggle.click();
  const guess = page.getByTestId('guess-input');
  await expect(guess).toBeVisible();
  await expect(page.getByTestId('guess-mode')).toBeHidden();
  expect(await fontPx(page, '[data-testid=guess-input]')).toBeGreaterThanOrEqual(28);
  await guess.fill('the');
  await guess.press('Enter');
  await expect(page.getByTestId('guess-result')).toHaveAttribute('data-step', '6', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('guess-score')).toBeVisible();
  const withGame = await seriousViolations(page);
  expect(withGame, withGame.join('\n')).toEqual([]);

  // The toggle, by keyboard, leaves presenter mode: the form and the timeline are back.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('prompt-input')).toBeVisible();
  await expect(page.getByTestId('timeline')).toBeVisible();
  expect(await fontPx(page, '[data-testid=context-token]')).toBeLessThan(28);

  // Pressed again it presents; Escape leaves.
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('prompt-input')).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('prompt-input')).toBeVisible();
});

test('presenter mode in Chinese has no serious axe violation', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?model=tiny-gpt2&ep=wasm&steps=5&present=1&autoplay=1&lang=zh-CN');
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('presenter-toggle')).toHaveText('演示');
  await expect(page.getByTestId('presenter-keys')).toContainText('空格');
  await expect(page.getByTestId('prompt-input')).toBeHidden();
  const found = await seriousViolations(page);
  expect(found, found.join('\n')).toEqual([]);
});
