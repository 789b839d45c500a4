import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { cliTokenIds } from './cli';

const PROMPT = 'Once upon a time';
const status = (page: Page) => page.getByTestId('app-status');
const stepIds = (page: Page) =>
  page
    .getByTestId('timeline-step')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-token-id'))));

async function finishedRun(page: Page, steps: number, extra = ''): Promise<void> {
  await page.goto(`/?model=tiny-gpt2&ep=wasm&steps=${steps}&autoplay=1${extra}`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('timeline-step')).toHaveCount(steps);
}

test.describe('the timeline', () => {
  const expected = cliTokenIds(PROMPT, 13);

  test('a URL autoplay run of 12 greedy steps matches the CLI, step by step', async ({ page }) => {
    await finishedRun(page, 12);
    expect(await stepIds(page)).toEqual(expected.slice(0, 12));
    const detail = page.getByTestId('step-detail');
    await expect(detail).toHaveAttribute('data-step', '12');
    const chosen = detail.locator('[data-testid=candidate][data-chosen=true]');
    await expect(chosen).toHaveCount(1);
    await expect(chosen).toHaveAttribute('data-token-id', `${expected[11]}`);
    const probs = await detail
      .getByTestId('candidate')
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-prob'))));
    expect(Number(await chosen.getAttribute('data-prob'))).toBe(Math.max(...probs));
    // Step on a finished run asks the model for exactly one more token.
    await page.getByTestId('step-button').click();
    await expect(page.getByTestId('timeline-step')).toHaveCount(13);
    expect(await stepIds(page)).toEqual(expected);
  });

  test('scrubbing, keyboard and Play/Pause move through recorded steps', async ({ page }) => {
    await finishedRun(page, 12);
    const position = page.getByTestId('playback-position');
    await page.locator('[data-testid=timeline-step][data-step="5"]').click();
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '5');
    // Step 5 read 8 tokens: those are 'read', token 8 is the one produced, the rest 'future'.
    const roles = await page
      .getByTestId('context-token')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-role')));
    expect(roles.slice(0, 8)).toEqual(Array(8).fill('read'));
    expect(roles[8]).toBe('produced');
    expect(roles.slice(9)).toEqual(Array(7).fill('future'));
    // Drag from step 2 to step 8.
    const from = await page.locator('[data-testid=timeline-step][data-step="2"]').boundingBox();
    const to = await page.locator('[data-testid=timeline-step][data-step="8"]').boundingBox();
    await page.mouse.move(from!.x + 10, from!.y + 10);
    await page.mouse.down();
    await page.mouse.move(to!.x + 10, to!.y + 10, { steps: 6 });
    await page.mouse.up();
    await expect(position).toHaveText('8 / 12');
    // Keyboard, with focus outside any field.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowLeft');
    await expect(position).toHaveText('7 / 12');
    await page.keyboard.press('Home');
    await expect(position).toHaveText('1 / 12');
    await page.keyboard.press('ArrowRight');
    await expect(position).toHaveText('2 / 12');
    await page.keyboard.press('End');
    await expect(position).toHaveText('12 / 12');
    // Play from the start, then pause.
    await page.keyboard.press('Home');
    const play = page.getByTestId('play-button');
    await page.keyboard.press(' ');
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await expect(position).not.toHaveText('1 / 12');
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    const paused = await position.textContent();
    await page.waitForTimeout(800);
    await expect(position).toHaveText(paused ?? '');
    // A space typed into the prompt is text, not Play.
    await page.getByTestId('prompt-input').press(' ');
    await expect(play).toHaveAttribute('aria-pressed', 'false');
  });

  test('branching forces the clicked token, keeps the earlier steps, and compares', async ({
    page,
  }) => {
    await finishedRun(page, 8);
    const original = await stepIds(page);
    await page.locator('[data-testid=timeline-step][data-step="3"]').click();
    const other = page
      .getByTestId('step-detail')
      .locator('[data-testid=candidate][data-chosen=false]')
      .first();
    const forced = Number(await other.getAttribute('data-token-id'));
    await other.click();
    await expect(page.getByTestId('run-item')).toHaveCount(2);
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    const branch = await stepIds(page);
    expect(branch).toHaveLength(8);
    expect(branch.slice(0, 2)).toEqual(original.slice(0, 2));
    expect(branch[2]).toBe(forced);
    await expect(page.getByTestId('compare-runs')).toHaveAttribute('data-diverge-step', '3');
    await page.getByTestId('run-item').first().locator('.run-open').click();
    await expect.poll(() => stepIds(page)).toEqual(original);
  });

  test('export → import replays without the model; bad files are refused', async ({
    page,
    browser,
  }) => {
    await finishedRun(page, 6);
    const download = page.waitForEvent('download');
    await page.getByTestId('export-button').click();
    const file = await (await download).path();
    const original = await stepIds(page);

    const context = await browser.newContext();
    await context.route('**/models/**', (route) => route.abort());
    const offline = await context.newPage();
    await offline.goto('/?model=tiny-gpt2');
    await offline.getByTestId('import-input').setInputFiles({
      name: 'garbage.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"nope"}'),
    });
    await expect(offline.getByTestId('error-message')).toBeVisible();
    await expect(offline.getByTestId('run-item')).toHaveCount(0);
    await offline.getByTestId('import-input').setInputFiles({
      name: 'run.json',
      mimeType: 'application/json',
      buffer: readFileSync(file),
    });
    await expect(offline.getByTestId('run-item')).toHaveCount(1);
    expect(await stepIds(offline)).toEqual(original);
    await offline.locator('[data-testid=timeline-step][data-step="4"]').click();
    await expect(offline.getByTestId('step-detail')).toHaveAttribute('data-step', '4');
    await expect(offline.getByTestId('candidate')).toHaveCount(20);
    await expect(offline.getByTestId('backend-badge')).toHaveCount(0); // no model was loaded
    await context.close();
  });

  test('a reload restores the run and the settings; the language is remembered', async ({
    page,
  }) => {
    await finishedRun(page, 5, `&prompt=${encodeURIComponent('The cat sat')}`);
    const ids = await stepIds(page);
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(page.getByTestId('generate-button')).toHaveText(/[\u4e00-\u9fff]/);
    await page.waitForTimeout(1500); // saved state is written at most once a second
    await page.goto('/');
    await expect(page.getByTestId('timeline-step')).toHaveCount(5);
    expect(await stepIds(page)).toEqual(ids);
    await expect(status(page)).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('prompt-input')).toHaveValue('The cat sat');
    await expect(page.getByTestId('generate-button')).toHaveText(/[\u4e00-\u9fff]/);
    await page.goto('/?lang=en');
    await expect(page.getByTestId('generate-button')).toHaveText('Generate');
  });

  test('bad URL parameters are named; HTML in a prompt stays text', async ({ page }) => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const html = '<img src=x onerror=alert(1)>';
    await page.goto(`/?model=tiny-gpt2&ep=wasm&steps=abc&prompt=${encodeURIComponent(html)}`);
    await expect(page.getByTestId('notice')).toContainText('steps');
    await expect(page.getByTestId('steps-input')).toHaveValue('20');
    await page.getByTestId('steps-input').fill('3');
    await page.getByTestId('generate-button').click();
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    const prompt = await page
      .locator('[data-testid=context-token][data-source=prompt]')
      .evaluateAll((nodes) => nodes.map((n) => n.textContent).join(''));
    expect(prompt).toBe(html);
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(dialogs).toBe(0);
  });
});
