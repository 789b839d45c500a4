import { expect, test } from '@playwright/test';

/** Min-p from the URL: every drawn token is at least minP × its step's most likely token. */

const MIN_P = 0.5;
const STEPS = 5;

test('minP=0.5 draws only tokens at least half as likely as the top one', async ({ page }) => {
  const query = new URLSearchParams({
    model: 'tiny-gpt2',
    prompt: 'Once upon a time',
    ep: 'wasm',
    strategy: 'sample',
    minP: `${MIN_P}`,
    seed: '1',
    steps: `${STEPS}`,
    lang: 'en',
    autoplay: '1',
  });
  await page.goto(`/?${query}`);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('min-p-input')).toHaveValue(`${MIN_P}`);
  await expect(page.getByTestId('timeline-step')).toHaveCount(STEPS);

  const detail = page.getByTestId('step-detail');
  for (let n = 1; n <= STEPS; n++) {
    await page.locator(`[data-testid=timeline-step][data-step="${n}"]`).click();
    await expect(detail).toHaveAttribute('data-step', `${n}`);
    const rows = detail.getByTestId('candidate');
    const top = Number(await rows.first().getAttribute('data-prob'));
    const chosenRow = detail.locator('[data-testid=candidate][data-chosen=true]');
    const chosen = Number(await chosenRow.getAttribute('data-prob'));
    expect(top).toBeGreaterThan(0);
    expect(chosen, `step ${n}`).toBeGreaterThanOrEqual(MIN_P * top);
    // The step detail states the threshold and the order of the cut-offs.
    const threshold = Number(await detail.getAttribute('data-min-p-threshold'));
    expect(threshold).toBeCloseTo(MIN_P * top, 12);
    await expect(detail).toContainText(`min-p = ${MIN_P} keeps the tokens at least 50%`);
    await expect(detail).toContainText('temperature → top-k → top-p → min-p');
    // The rows it marks as eligible are exactly those at or above the threshold.
    for (const row of await rows.all()) {
      const prob = Number(await row.getAttribute('data-prob'));
      await expect(row).toHaveAttribute('data-eligible', prob >= threshold ? 'true' : 'false');
    }
  }
});
