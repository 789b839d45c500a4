import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * An inspection pass that fails explains itself in its panel and leaves the run usable: its steps
 * go on, Play plays, and another step can be looked inside. tiny-gpt2 on WASM, with the
 * inspection file answered by route interception.
 */

const INSPECT_FILE = '**/onnx/model_inspect.onnx';
const status = (page: Page) => page.getByTestId('app-status');
const panel = (page: Page) => page.getByTestId('inspect-panel');
const stepCell = (page: Page, step: number) =>
  page.locator(`[data-testid=timeline-step][data-step="${step}"]`);

/** The inspection panel's serious and critical axe violations, one line each. */
async function panelViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-testid=inspect-panel]').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}

/** A greedy run of `steps` tokens from "Once upon a time", finished. */
async function finishedRun(page: Page, steps: number): Promise<void> {
  const prompt = encodeURIComponent('Once upon a time');
  await page.goto(
    `/?model=tiny-gpt2&ep=wasm&strategy=greedy&prompt=${prompt}&steps=${steps}&autoplay=1`,
  );
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
}

/** The run goes on after a failed inspection: one more step, then Play from step 1 to the end. */
async function runGoesOn(page: Page, steps: number): Promise<void> {
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await page.getByTestId('steps-input').fill(String(steps + 1));
  await page.getByTestId('step-button').click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', String(steps + 1), {
    timeout: 30_000,
  });
  await expect(status(page)).not.toHaveAttribute('data-state', 'generating');
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await stepCell(page, 1).click();
  await page.getByTestId('play-button').click();
  await expect(page.getByTestId('playback-position')).toHaveText(`${steps + 1} / ${steps + 1}`, {
    timeout: 30_000,
  });
}

test.describe('an inspection pass that fails', () => {
  test('a model without the inspection file (404) says so; the run goes on, other steps say the same', async ({
    page,
  }) => {
    let asked = 0;
    await page.route(INSPECT_FILE, (route) => {
      asked++;
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await finishedRun(page, 4);
    await stepCell(page, 2).click();
    await page.getByTestId('inspect-button').click();
    await expect(panel(page).getByTestId('inspect-missing')).toContainText('no inspection file');
    await expect(panel(page).getByTestId('inspect-result')).toHaveCount(0);
    expect(asked).toBeGreaterThan(0);
    expect(await panelViolations(page)).toEqual([]);
    await expect(status(page)).toHaveAttribute('data-state', 'done');
    await runGoesOn(page, 4);
    // Another step, later: the same answer, and still no error.
    await stepCell(page, 5).click();
    await page.getByTestId('inspect-button').click();
    await expect(panel(page).getByTestId('inspect-missing')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('error-message')).toHaveCount(0);
  });

  test('an inspection file that is not a model is explained, in either language; fixed, a retry and other steps work', async ({
    page,
  }) => {
    // 64 KiB of bytes that are no ONNX model, sent as the file.
    const garbage = Buffer.from(
      Array.from({ length: 65_536 }, (_, i) => ((i * 2_654_435_761) >>> 13) & 255),
    );
    await page.route(INSPECT_FILE, (route) =>
      route.fulfill({
        status: 200,
        body: garbage,
        headers: { 'content-type': 'application/octet-stream' },
      }),
    );
    await finishedRun(page, 4);
    await stepCell(page, 3).click();
    await page.getByTestId('inspect-button').click();
    const failed = panel(page).getByTestId('inspect-failed');
    await expect(failed).toHaveAttribute('data-reason', 'not_a_model', { timeout: 30_000 });
    await expect(failed).toHaveAttribute('role', 'alert');
    await expect(failed).toContainText('is not a model the runtime can read');
    await expect(failed).toContainText('The run is not affected');
    // The runtime's own words under the explanation.
    await expect(failed.getByTestId('inspect-failed-detail')).toContainText(/protobuf|model/i);
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(failed).toContainText('不是运行时能读取的模型');
    await expect(failed).toContainText('生成不受影响');
    expect(await panelViolations(page)).toEqual([]);
    await page.getByTestId('language-select').selectOption('en');
    await expect(status(page)).toHaveAttribute('data-state', 'done');

    await runGoesOn(page, 4);

    // The file mended: the failed step, asked again, is inspected; so is another step.
    await page.unroute(INSPECT_FILE);
    await stepCell(page, 3).click();
    await expect(failed).toBeVisible();
    await failed.getByTestId('inspect-retry').click();
    await expect(panel(page).getByTestId('mask-grid')).toHaveAttribute('data-size', '6', {
      timeout: 30_000,
    });
    await expect(panel(page).getByTestId('inspect-failed')).toHaveCount(0);
    await stepCell(page, 5).click();
    await page.getByTestId('inspect-button').click();
    await expect(panel(page).getByTestId('mask-grid')).toHaveAttribute('data-size', '8', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('error-message')).toHaveCount(0);
  });
});
