import { expect, test, type Page } from '@playwright/test';

/** Nothing a user made is lost: two tabs saving at once, and a reload right after a long run. */

const status = (page: Page) => page.getByTestId('app-status');
const runIds = (page: Page): Promise<string[]> =>
  page
    .getByTestId('run-item')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-run-id') ?? ''));

async function open(page: Page, steps: number, more = ''): Promise<void> {
  await page.goto(`/?model=tiny-gpt2&ep=wasm&steps=${steps}${more}`);
  await expect(page.getByTestId('generate-button')).toBeEnabled();
}

/** Fills localStorage up to `free` characters short of its quota. */
async function leaveFree(page: Page, free: number): Promise<void> {
  await page.evaluate((left) => {
    let fits = 0;
    let over = 1 << 25;
    while (over - fits > 4096) {
      const size = Math.floor((fits + over) / 2);
      try {
        localStorage.setItem('filler', 'x'.repeat(size));
        fits = size;
      } catch {
        over = size;
      }
    }
    localStorage.setItem('filler', 'x'.repeat(Math.max(0, fits - left)));
  }, free);
}

/** Generate, then wait for the run to finish; resolves with the new run's id. */
async function generate(page: Page): Promise<string> {
  const before = await runIds(page);
  await page.getByTestId('generate-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const added = (await runIds(page)).filter((id) => !before.includes(id));
  expect(added).toHaveLength(1);
  return added[0];
}

test.describe('saved runs', () => {
  test('two tabs keep each other’s runs, and a run deleted in one stays deleted', async ({
    context,
  }) => {
    const b = await context.newPage(); // opened first: it saw none of A's runs at load
    await open(b, 4);
    const a = await context.newPage();
    await open(a, 4);
    const a1 = await generate(a);
    const b1 = await generate(b);
    // Each tab hears of the other's runs as they are saved…
    await expect.poll(() => runIds(a)).toEqual([a1, b1]);
    await expect.poll(() => runIds(b)).toEqual([a1, b1]);
    // …and after a reload both runs are there, in both.
    await Promise.all([a.reload(), b.reload()]);
    await expect.poll(() => runIds(a)).toEqual([a1, b1]);
    await expect.poll(() => runIds(b)).toEqual([a1, b1]);
    const stepCounts = (page: Page) =>
      page.getByTestId('run-item').evaluateAll((nodes) => nodes.map((n) => n.dataset.steps));
    // A tab reloading at the same moment as the other may read a run just before the other's
    // unload copy reaches IndexedDB; it hears of the rest when that copy is applied.
    await expect.poll(() => stepCounts(a)).toEqual(['4', '4']);
    await expect.poll(() => stepCounts(b)).toEqual(['4', '4']);

    // A deletes a1; B generates again: B's write must not bring a1 back.
    await a.locator(`[data-testid=run-item][data-run-id="${a1}"] .run-delete`).click();
    await expect.poll(() => runIds(a)).toEqual([b1]);
    const b2 = await generate(b);
    await expect.poll(() => runIds(b)).toEqual([b1, b2]);
    await expect.poll(() => runIds(a)).toEqual([b1, b2]);
    await Promise.all([a.reload(), b.reload()]);
    await expect.poll(() => runIds(a)).toEqual([b1, b2]);
    await expect.poll(() => runIds(b)).toEqual([b1, b2]);
  });

  test('a long run reloaded right after it finished keeps every step', async ({ page }) => {
    // Sampled from the whole vocabulary, most steps choose a token outside the 20 candidates
    // shown, whose running sum is NaN: the copy made on pagehide must keep it a number.
    await open(page, 250, '&strategy=sample');
    const first = await generate(page);
    const item = (id: string) => page.locator(`[data-testid=run-item][data-run-id="${id}"]`);
    const steps = Number(await item(first).getAttribute('data-steps'));
    expect(steps).toBeGreaterThan(200); // long; an end-of-text token may stop it before 250
    // Runs saved earlier fill localStorage's quota for a copy of the whole state (a classroom's
    // dozen runs; here a filler): the copy must hold only what IndexedDB lacks.
    await leaveFree(page, 2_000_000);
    const second = await generate(page);
    const secondSteps = await item(second).getAttribute('data-steps');
    await page.reload();
    await expect(page.getByTestId('run-item')).toHaveCount(2);
    await expect(item(first)).toHaveAttribute('data-steps', `${steps}`);
    await expect(item(second)).toHaveAttribute('data-steps', secondSteps ?? '');
    await expect(status(page)).toHaveAttribute('data-state', 'done');
  });
});
