import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { otherCandidate } from './timeline';

/**
 * Accessibility checked by axe-core on every view of the app, in both languages: no serious or
 * critical violation. Each language walks two pages through the views, side by side: one through
 * idle with a notice and the download offer, an empty prompt, the model loading, a finished run,
 * Play running and paused; one through a branch with and without the comparison, an imported run
 * and an error banner. The run samples with top-k and a temperature: the step detail then
 * shows every part it has (eligible and cut-off rows, the cut-off line, the T = 1 bars).
 */

const status = (page: Page) => page.getByTestId('app-status');

/** The violations axe reports as serious or critical, one line each with the nodes it blames. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    // WCAG 2.5.3 (a control's name contains its visible text) is still tagged experimental in
    // axe-core, so it is off unless asked for.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (node) =>
          `${v.id} (${v.impact}) at ${node.target.join(' ')}: ${node.failureSummary ?? v.help}`,
      ),
    );
}

/**
 * Fails the test with every serious or critical violation of the page as it is, named by `view`;
 * a soft failure, so that one run reports every view.
 */
async function expectAccessible(page: Page, view: string): Promise<void> {
  const found = await seriousViolations(page);
  expect.soft(found, `${view}:\n${found.join('\n')}`).toEqual([]);
}

// Colours are checked at rest: a token caught half-way through its fade-in (Play) would read as
// too faint. With reduced motion the app draws every state without transitions.
test.use({ reducedMotion: 'reduce' });

const SETTINGS = 'steps=8&strategy=sample&topK=5&temperature=0.7&seed=42';

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the page before, during and after a run has no serious or critical axe violation (${lang})`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    // The model files are held back, to see the page while the model loads.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const modelFiles = '**/models/tiny-gpt2/onnx/*.onnx';
    await page.context().route(modelFiles, async (route) => {
      await held;
      await route.continue();
    });

    // Idle, with a notice (an ignored URL parameter) and the offer to download GPT-2.
    await page.goto(`/?model=tiny-gpt2&ep=wasm&${SETTINGS}&topP=2&lang=${lang}`);
    await expect(page.getByTestId('notice')).toBeVisible();
    await expect(page.getByTestId('download-offer')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expectAccessible(page, 'idle page with a notice and the download offer');

    // An empty prompt says why it cannot be generated.
    const prompt = page.getByTestId('prompt-input');
    const text = await prompt.inputValue();
    await prompt.fill('');
    await expect(page.getByTestId('prompt-problem')).toBeVisible();
    await expectAccessible(page, 'empty prompt');
    await prompt.fill(text);

    // The model loading, then a finished run: context strip, timeline, step detail, charts, run
    // list, share link.
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('load-progress')).toBeVisible();
    await expectAccessible(page, 'model loading');
    release();
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await page.context().unroute(modelFiles);
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', '8');
    await expect(page.getByTestId('candidate')).toHaveCount(20);
    await expect(
      page.getByTestId('candidate').and(page.locator('[data-eligible=false]')),
    ).toHaveCount(15);
    await expect(page.getByTestId('run-charts')).toBeVisible();
    await page.getByTestId('share-button').click();
    await expect(page.getByTestId('share-link')).toBeVisible();
    await expectAccessible(page, 'finished run');

    // Play running, then paused.
    await page.getByTestId('speed-input').fill('0.5');
    await page.locator('[data-testid=timeline-step][data-step="1"]').click();
    const play = page.getByTestId('play-button');
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await expectAccessible(page, 'Play running');
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    await expectAccessible(page, 'Play paused');
  });

  test(`branches, an import and an error have no serious or critical axe violation (${lang})`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.goto(`/?model=tiny-gpt2&ep=wasm&${SETTINGS}&lang=${lang}&autoplay=1`);
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', '8');

    // A branch: a candidate of step 3 forced; the branch is compared with its original at once.
    await page.locator('[data-testid=timeline-step][data-step="3"]').click();
    await otherCandidate(page).click();
    await expect(page.getByTestId('run-item')).toHaveCount(2);
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    const compare = page.getByTestId('compare-button');
    await expect(page.getByTestId('compare-runs')).toBeVisible();
    await expect(compare).toHaveAttribute('aria-pressed', 'true');
    await expectAccessible(page, 'two runs compared');
    await compare.click();
    await expect(page.getByTestId('compare-runs')).toHaveCount(0);
    await expectAccessible(page, 'two runs, not compared');

    // An imported run (the active run, exported and read back).
    const download = page.waitForEvent('download');
    await page.getByTestId('export-button').click();
    const file = await (await download).path();
    await page.getByTestId('import-input').setInputFiles(file);
    await expect(page.getByTestId('run-item')).toHaveCount(3);
    await expectAccessible(page, 'an imported run');

    // An error banner: a model that is not served fails to load.
    await page.getByTestId('model-select').selectOption('gpt2');
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('error-message')).toBeVisible({ timeout: 60_000 });
    await expectAccessible(page, 'error banner');
  });
}
