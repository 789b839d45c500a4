import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** "Look inside this step": the inspection pass on tiny-gpt2 (WASM), for step 3. */

const PROMPT = 'Once upon a time';
const PROMPT_TOKENS = 4;
const status = (page: Page) => page.getByTestId('app-status');
const panel = (page: Page) => page.getByTestId('inspect-panel');

/** The inspection panel's serious and critical axe violations, one line each. */
async function panelViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-testid=inspect-panel]').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}

async function weights(page: Page): Promise<number[]> {
  return panel(page)
    .getByTestId('attention-weight')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-weight'))));
}

test('inspecting step 3: mask, attention weights, heads and the logit lens', async ({ page }) => {
  const prompt = encodeURIComponent(PROMPT);
  await page.goto(`/?model=tiny-gpt2&ep=wasm&prompt=${prompt}&steps=5&autoplay=1`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await page.locator('[data-testid=timeline-step][data-step="3"]').click();
  await page.getByTestId('inspect-button').click();
  // Step 3 read the prompt and the two tokens chosen before it.
  const size = PROMPT_TOKENS + 2;
  const grid = panel(page).getByTestId('mask-grid');
  await expect(grid).toHaveAttribute('data-size', String(size), { timeout: 30_000 });
  await expect(grid.locator('[data-allowed=true]')).toHaveCount((size * (size + 1)) / 2);
  await expect(grid.locator('[data-allowed=false]')).toHaveCount((size * (size - 1)) / 2);

  const first = await weights(page);
  expect(first).toHaveLength(size);
  expect(first.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  const positions = await panel(page)
    .getByTestId('attention-weight')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-position')));
  expect(positions).toEqual(Array.from({ length: size }, (_, k) => String(k + 1)));

  await panel(page).getByTestId('attention-head-select').selectOption('1');
  await expect.poll(() => weights(page)).not.toEqual(first);
  const second = await weights(page);
  expect(second.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  // The average of heads is the mean of every head's weights, position by position.
  const headSelect = panel(page).getByTestId('attention-head-select');
  const heads = (await headSelect.locator('option').count()) - 1;
  const perHead: number[][] = [];
  for (let h = 0; h < heads; h++) {
    await headSelect.selectOption(String(h));
    await expect(headSelect).toHaveValue(String(h));
    perHead.push(await weights(page));
  }
  await headSelect.selectOption('average');
  await expect(headSelect).toHaveValue('average');
  const average = await weights(page);
  expect(average.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  average.forEach((w, k) => {
    const mean = perHead.reduce((sum, head) => sum + head[k], 0) / heads;
    expect(w).toBeCloseTo(mean, 3);
  });
  await expect(panel(page).getByTestId('attention-map')).toBeVisible();

  const layers = panel(page).getByTestId('lens-layer');
  const count = await layers.count();
  expect(count).toBeGreaterThan(1);
  await expect(layers.first()).toHaveAttribute('data-layer', '1');
  const last = layers.last();
  await expect(last).toHaveAttribute('data-layer', String(count));
  const top = page.getByTestId('step-detail').getByTestId('candidate').first();
  const topId = await top.getAttribute('data-token-id');
  await expect(last).toHaveAttribute('data-token-id', topId ?? '');
  const prob = Number(await last.getAttribute('data-prob'));
  expect(prob).toBeCloseTo(Number(await top.getAttribute('data-prob')), 3);
  expect(await panelViolations(page)).toEqual([]);
});

test('inspecting the prefill: the prediction after the prompt is step 1’s token', async ({
  page,
}) => {
  const prompt = encodeURIComponent(PROMPT);
  await page.goto(`/?model=tiny-gpt2&ep=wasm&prompt=${prompt}&steps=2&autoplay=1`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const firstToken = await page
    .locator('[data-testid=timeline-step][data-step="1"]')
    .getAttribute('data-token-id');
  await page.getByTestId('prefill-block').click();
  await expect(page.getByTestId('inspect-button')).toHaveText('Look inside the prefill');
  await page.getByTestId('inspect-button').click();
  const rows = panel(page).getByTestId('prefill-prediction');
  await expect(rows).toHaveCount(PROMPT_TOKENS, { timeout: 30_000 });
  await expect(rows.last()).toHaveAttribute('data-position', String(PROMPT_TOKENS));
  await expect(rows.last()).toHaveAttribute('data-token-id', firstToken ?? '');
  expect(await panelViolations(page)).toEqual([]);
});
