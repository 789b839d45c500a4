import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { loadNodeModel } from '../scripts/nodeModel';
import { encodeText } from '../src/engine/tokenizer';
import { otherCandidate } from './timeline';

/** The step detail tells the truth about the chosen token, and branching is safe with the keys. */

const PROMPT = 'Once upon a time';
const TINY_DIR = fileURLToPath(new URL('../public/models/tiny-gpt2', import.meta.url));
const status = (page: Page) => page.getByTestId('app-status');
const detail = (page: Page) => page.getByTestId('step-detail');
const runItems = (page: Page) => page.getByTestId('run-item');

async function finishedRun(page: Page, steps: number, extra = ''): Promise<void> {
  const prompt = encodeURIComponent(PROMPT);
  await page.goto(`/?model=tiny-gpt2&ep=wasm&prompt=${prompt}&steps=${steps}&autoplay=1${extra}`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', String(steps));
}

/**
 * Where token `id` can rank among the logits that onnxruntime-node gives for the prompt: from
 * the count of clearly higher logits to the count of not clearly lower ones (the browser's WASM
 * build may differ from it in the last bits).
 */
async function rankBounds(id: number): Promise<[number, number]> {
  const model = await loadNodeModel(TINY_DIR);
  try {
    const { logits } = await model.decoder.append(encodeText(PROMPT));
    const own = logits[id];
    let higher = 0;
    let notLower = 0;
    for (const x of logits) {
      if (x > own + 1e-4) higher++;
      if (x >= own - 1e-4) notLower++;
    }
    return [higher + 1, notLower];
  } finally {
    await model.session.release();
  }
}

test.describe('the step detail', () => {
  test('a chosen token far below the top 20 shows its true rank, not 21', async ({ page }) => {
    // Sampled from the whole vocabulary, flattened: almost surely a token far down the ranking.
    await finishedRun(page, 1, '&strategy=sample&temperature=5&seed=3');
    const rows = detail(page).getByTestId('candidate');
    await expect(rows).toHaveCount(21);
    const chosen = rows.nth(20);
    await expect(chosen).toHaveAttribute('data-chosen', 'true');
    const id = Number(await chosen.getAttribute('data-token-id'));
    const rank = Number(await page.getByTestId('chosen-rank').getAttribute('data-rank'));
    const [low, high] = await rankBounds(id);
    expect(low).toBeGreaterThan(21);
    expect(rank).toBeGreaterThanOrEqual(low);
    expect(rank).toBeLessThanOrEqual(high);
    await expect(chosen).toHaveAttribute('data-rank', String(rank));
    await expect(page.getByTestId('chosen-rank')).toContainText(rank.toLocaleString('en-US'));
    await expect(detail(page).getByText('beyond the top 20')).toBeVisible();
  });

  test("top-k sampling shows the model's probability and the one it was drawn with", async ({
    page,
  }) => {
    await finishedRun(page, 1, '&strategy=sample&topK=5&temperature=0.8&seed=11');
    const model = Number(await page.getByTestId('chosen-prob').getAttribute('data-prob'));
    const drawn = Number(await page.getByTestId('drawn-prob').getAttribute('data-prob'));
    const kept = await detail(page)
      .locator('[data-testid=candidate][data-eligible=true]')
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-prob'))));
    expect(kept).toHaveLength(5);
    const total = kept.reduce((sum, p) => sum + p, 0);
    // Renormalised over the kept rows: the same number, and larger than the model's.
    expect(drawn).toBeCloseTo(model / total, 9);
    expect(drawn).toBeGreaterThan(model);
    await expect(page.getByTestId('chosen-prob')).toContainText("model's probability");
    await expect(page.getByTestId('drawn-prob')).toContainText('drawn with, after the cut-off');
    await expect(detail(page).getByText(/renormalised to sum to 1/)).toBeVisible();
    await expect(detail(page).getByText(/raw score before softmax/)).toBeVisible();
  });

  test('after a branch the forced step is shown, and Space plays instead of branching again', async ({
    page,
  }) => {
    await finishedRun(page, 8);
    await page.locator('[data-testid=timeline-step][data-step="3"]').click();
    const other = otherCandidate(page);
    const forced = await other.getAttribute('data-token-id');
    await other.click();
    await expect(runItems(page)).toHaveCount(2);
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(runItems(page).nth(1)).toHaveAttribute('data-steps', '8');
    // The forced step, not the branch's last.
    await expect(detail(page)).toHaveAttribute('data-step', '3');
    const chosen = detail(page).locator('[data-testid=candidate][data-chosen=true]');
    await expect(chosen).toHaveAttribute('data-token-id', forced!);
    // Focus left the row for the heading: Space is Play there, not a second branch.
    await expect(detail(page).locator('h2')).toBeFocused();
    const play = page.getByTestId('play-button');
    await page.keyboard.press('Space');
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Space');
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    await expect(runItems(page)).toHaveCount(2);
    // Even on a candidate row, Space is Play.
    await otherCandidate(page).focus();
    await page.keyboard.press('Space');
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('play-button').click();
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    await expect(runItems(page)).toHaveCount(2);
    await expect(status(page)).toHaveAttribute('data-state', 'done');
  });

  test('clicking the token already chosen makes no run', async ({ page }) => {
    await finishedRun(page, 4);
    await page.locator('[data-testid=timeline-step][data-step="2"]').click();
    const chosen = detail(page).locator('[data-testid=candidate][data-chosen=true]');
    await expect(chosen).toHaveAccessibleDescription(/already the chosen token at step 2/);
    await chosen.click();
    await chosen.press('Enter');
    // Nothing is sent to the model: the page stays done with its one run.
    await page.waitForTimeout(500);
    await expect(runItems(page)).toHaveCount(1);
    await expect(status(page)).toHaveAttribute('data-state', 'done');
    await expect(detail(page)).toHaveAttribute('data-step', '2');
  });
});
