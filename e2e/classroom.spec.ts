import { expect, test, type Page } from '@playwright/test';
import { otherCandidate } from './timeline';

/**
 * What a teacher rehearsing a demo in front of a class runs into: Play and clicks on the timeline,
 * what the status and the header say, how runs are named and compared, what the buttons and the
 * context strip's colours mean, the share link, and the notices.
 */

const status = (page: Page) => page.getByTestId('app-status');
const cell = (page: Page, n: number) =>
  page.locator(`[data-testid=timeline-step][data-step="${n}"]`);

async function finishedRun(page: Page, query: string, steps: number): Promise<void> {
  await page.goto(`/?model=tiny-gpt2&ep=wasm&steps=${steps}&autoplay=1${query}`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', String(steps));
}

test('a click on the timeline during Play pauses it there; the branch is named and in sight', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await finishedRun(page, '', 12);
  await cell(page, 1).click();
  const play = page.getByTestId('play-button');
  await play.click();
  // The status says Play is running, and the header tells Play's speed from the model's.
  await expect(status(page)).toHaveAttribute('data-state', 'playing');
  await expect(status(page)).toHaveText('Playing');
  await expect(page.getByTestId('play-rate')).toHaveText('Play: 4 steps/s');
  await expect(page.getByTestId('speed')).toContainText('Generated at');
  await expect(page.getByTestId('playback-position')).not.toHaveText('1 / 12');
  await cell(page, 3).click();
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  await page.waitForTimeout(800); // three ticks at 4 steps/s
  await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '3');
  await expect(status(page)).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('play-rate')).toHaveCount(0);
  // The branch is made at the step clicked.
  await otherCandidate(page).click();
  await expect(page.getByTestId('run-item')).toHaveCount(2);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const [original, branch] = [0, 1].map((i) => page.getByTestId('run-item').nth(i));
  await expect(original.getByTestId('run-settings')).toHaveText('tiny-gpt2 · greedy · 12 steps');
  await expect(branch.getByTestId('run-origin')).toHaveText('branch of run 1 at step 3');
  // The comparison names its rows as the list does, and sits under the timeline, in view.
  const compare = page.getByTestId('compare-runs');
  await expect(compare).toHaveAttribute('data-diverge-step', '3');
  await expect(compare.getByTestId('compare-row').nth(0)).toContainText('Run 1 · Once upon a time');
  await expect(compare.getByTestId('compare-row').nth(1)).toContainText(
    'Run 2 · branch of run 1 at step 3',
  );
  await page.getByTestId('timeline').scrollIntoViewIfNeeded();
  await expect(compare).toBeInViewport();
  const compareTop = (await compare.boundingBox())!.y;
  expect(compareTop).toBeLessThan((await page.getByTestId('step-detail').boundingBox())!.y);
});

test('each way forward says what it does; after a Step the run is ready for the next', async ({
  page,
}) => {
  await page.goto('/?model=tiny-gpt2&ep=wasm&steps=5');
  await expect(page.getByTestId('generate-button')).toHaveAccessibleDescription(
    'A new run of 5 steps from the prompt.',
  );
  await expect(page.getByTestId('step-button')).toHaveAccessibleDescription(/One more token/);
  await expect(page.getByTestId('continue-button')).toHaveAccessibleDescription(/The rest/);
  await expect(page.getByTestId('play-button')).toHaveAccessibleDescription(/recorded steps/);
  await expect(page.getByTestId('generate-button')).toHaveAttribute('title', /A new run/);
  await page.getByTestId('step-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'paused', { timeout: 90_000 });
  await expect(status(page)).toHaveText('Ready for the next step');
  await page.getByTestId('step-button').click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', '2');
  await expect(status(page)).toHaveText('Ready for the next step');
  // The header's figures are labelled.
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  await expect(page.getByTestId('backend-pill')).toHaveText(/^Backend\s+wasm\s+\(CPU\)$/);
  // WASM always reports its threads (one where the page is not cross-origin isolated).
  await expect(page.getByTestId('threads')).toHaveText(/^\d+ threads?$/);
  await expect(page.getByTestId('speed')).toHaveText(/^Generated at [\d.]+ tokens\/s · /);
  // The context strip's colours have a legend; positions count from 1, as steps do.
  const legend = page.getByTestId('context-legend');
  await expect(legend.locator('li')).toHaveCount(4);
  await expect(legend).toContainText('produced by this step');
  const first = page.getByTestId('context-token').first();
  await expect(first).toHaveAttribute('data-index', '0');
  await expect(first).toHaveAttribute('title', /^position 1 · id \d+$/);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(first).toHaveAttribute('title', /^位置 1 · id \d+$/);
  await expect(status(page)).toHaveText('可以继续下一步');
});

test('the share link makes the run on screen; it says so, and stays said', async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await finishedRun(page, '&strategy=sample&temperature=0.7&topK=5&seed=9', 4);
  await expect(page.getByTestId('run-item').getByTestId('run-settings')).toHaveText(
    'tiny-gpt2 · sampling, T 0.7 · top-k 5 · seed 9 · 4 steps',
  );
  // The form changes after the run: the link still makes the run on screen.
  await page.getByTestId('prompt-input').fill('Something else');
  await page.getByTestId('steps-input').fill('9');
  await page.getByTestId('share-button').click();
  const shared = new URL(await page.getByTestId('share-link').inputValue()).searchParams;
  expect(Object.fromEntries(shared)).toMatchObject({
    model: 'tiny-gpt2',
    prompt: 'Once upon a time',
    steps: '4',
    strategy: 'sample',
    temperature: '0.7',
    topK: '5',
    seed: '9',
  });
  const said = page.getByTestId('share-status');
  await expect(said).toHaveAttribute('role', 'status');
  await expect(said).toHaveText('Link copied');
  await page.waitForTimeout(2500);
  await expect(said).toHaveText('Link copied');
  await expect(said).toBeVisible();
  await expect(said).toHaveText('', { timeout: 5000 });
});

test('an unknown model id is named; each notice can be dismissed and stays dismissed', async ({
  page,
}) => {
  await page.goto('/?model=foo&topP=2&ep=wasm');
  const notices = page.getByTestId('notice');
  await expect(notices).toHaveCount(2);
  const model = notices.filter({ hasText: 'model="foo"' });
  await expect(model).toContainText('Ignored URL parameter model="foo"');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(model).toContainText('已忽略 URL 参数 model="foo"');
  await model.getByTestId('notice-dismiss').click();
  await expect(notices).toHaveCount(1);
  await expect(notices).toContainText('topP="2"');
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('generate-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(notices).toHaveCount(1);
  await notices.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notices).toHaveCount(0);
});
