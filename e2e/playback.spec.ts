import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { encodeText } from '../src/engine/tokenizer';
import { cliTokenIds } from './cli';
import { otherCandidate, stepIds } from './timeline';

const PROMPT = 'Once upon a time';
const status = (page: Page) => page.getByTestId('app-status');

/** Emulates switching browser tabs: the page is hidden or shown, and told so. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    const visibility = h ? 'hidden' : 'visible';
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => visibility,
    });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, hidden);
}

async function finishedRun(page: Page, steps: number, extra = ''): Promise<void> {
  await page.goto(`/?model=tiny-gpt2&ep=wasm&steps=${steps}&autoplay=1${extra}`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', String(steps));
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
    // A hidden tab holds Play where it is (still on); shown again, it goes on from there.
    await setHidden(page, true);
    await page.waitForTimeout(100);
    const held = (await position.textContent()) ?? '';
    await page.waitForTimeout(1000); // 4 ticks at 4 steps/s
    await expect(position).toHaveText(held);
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    // Tokens arrive animated at 4 steps/s; faster Play would keep animations running nonstop.
    const strip = page.getByTestId('context-strip');
    await expect(strip).toHaveAttribute('data-motion', 'on');
    const speed = page.getByTestId('speed-input');
    await speed.fill('20');
    await expect(strip).toHaveAttribute('data-motion', 'off');
    await speed.fill('4');
    await expect(strip).toHaveAttribute('data-motion', 'on');
    await setHidden(page, false);
    await expect(position).not.toHaveText(held);
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    const paused = await position.textContent();
    await page.waitForTimeout(800);
    await expect(position).toHaveText(paused ?? '');
    // A space typed into the prompt is text, not Play.
    await page.getByTestId('prompt-input').press(' ');
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    // Fast Play to the end: the last token did not drop in, and does not when motion comes back;
    // a step the user moves to does.
    await speed.fill('20');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    await play.click();
    await expect(position).toHaveText('12 / 12');
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    await expect(strip).toHaveAttribute('data-motion', 'on');
    const prompt = await page.locator('[data-testid=context-token][data-source=prompt]').count();
    const produced = page.locator('[data-testid=context-token][data-role=produced]');
    await expect(produced).toHaveAttribute('data-index', String(prompt + 11));
    await expect(produced).not.toHaveClass(/token-arrive/);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowLeft');
    await expect(produced).toHaveAttribute('data-index', String(prompt + 10));
    await expect(produced).toHaveClass(/token-arrive/);
  });

  test('a click or a drag on a chart shows the step under the pointer', async ({ page }) => {
    await finishedRun(page, 10);
    const detail = page.getByTestId('step-detail');
    await expect(detail).toHaveAttribute('data-step', '10');
    // The plot's overlay is made in idle time, once the chart has a width.
    const over = page.getByTestId('chart-prob').locator('.u-over');
    await expect(over).toHaveCount(1);
    const box = (await over.boundingBox())!;
    await page.mouse.click(box.x + 2, box.y + box.height / 2);
    await expect(detail).toHaveAttribute('data-step', '1');
    // A drag to the right end ends on the last step.
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect(detail).toHaveAttribute('data-step', '10');
  });

  test('the shown step and the token it produced stay in view in a long run', async ({ page }) => {
    await finishedRun(page, 200);
    const cells = page.getByTestId('timeline-step');
    const cell = (n: number) => page.locator(`[data-testid=timeline-step][data-step="${n}"]`);
    // The token step n produced sits at index prompt length + n - 1 in the strip.
    const prompt = await page.locator('[data-testid=context-token][data-source=prompt]').count();
    const token = (n: number) =>
      page.locator(`[data-testid=context-token][data-index="${prompt + n - 1}"]`);
    await expect(cell(200)).toBeInViewport();
    await expect(token(200)).toBeInViewport();
    await expect(token(1)).not.toBeInViewport();
    // Only the cells near the view are drawn, but the track scrolls over all 200 of them.
    await expect(cell(1)).toHaveCount(0);
    const drawn = await cells.count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(200);
    const track = page.getByTestId('timeline');
    expect(await track.evaluate((list) => list.scrollWidth)).toBeGreaterThanOrEqual(200 * 64);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    await expect(cell(1)).toBeInViewport();
    await expect(cell(1)).toHaveAttribute('aria-current', 'step');
    await expect(token(1)).toHaveAttribute('data-role', 'produced');
    await expect(token(1)).toBeInViewport();
    await expect(cell(200)).toHaveCount(0);
    await expect(token(200)).not.toBeInViewport();
    // Drawn cells sit where the whole run puts them: clicking one shows its own step.
    await cell(7).click();
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '7');
    // Scrolled by hand to the far end, the cells there are drawn (the shown one stays drawn).
    await track.evaluate((list) => list.scrollTo({ left: list.scrollWidth }));
    await expect(cell(200)).toBeInViewport();
    await expect(cell(7)).toHaveAttribute('aria-current', 'step');
    await cell(199).click();
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '199');
    // A short run shown after it, with the long one scrolled to its end, is drawn whole and in
    // view; and opening the long run again shows its end.
    await page.getByTestId('steps-input').fill('5');
    await page.getByTestId('generate-button').click();
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    // (The run list may lie below the fold: the page scrolls back up to the timeline after.)
    const open = async (steps: number) => {
      await page.locator(`[data-testid=run-item][data-steps="${steps}"] .run-open`).click();
      await track.scrollIntoViewIfNeeded();
    };
    await open(200);
    await expect(track).toHaveAttribute('data-steps', '200');
    await expect(cell(200)).toBeInViewport();
    await open(5);
    await expect(track).toHaveAttribute('data-steps', '5');
    await expect(cells).toHaveCount(5);
    for (const n of [1, 5]) await expect(cell(n)).toBeInViewport();
  });

  test('branching forces the clicked token, keeps the earlier steps, and compares', async ({
    page,
  }) => {
    await finishedRun(page, 8);
    const original = await stepIds(page);
    await page.locator('[data-testid=timeline-step][data-step="3"]').click();
    const other = otherCandidate(page);
    const forced = Number(await other.getAttribute('data-token-id'));
    await other.click();
    await expect(page.getByTestId('run-item')).toHaveCount(2);
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    const branch = await stepIds(page);
    expect(branch).toHaveLength(8);
    expect(branch.slice(0, 2)).toEqual(original.slice(0, 2));
    expect(branch[2]).toBe(forced);
    // Each run in the list says how many steps it holds: both hold the 8 steps asked for.
    await expect(page.getByTestId('run-item').nth(0)).toHaveAttribute('data-steps', '8');
    await expect(page.getByTestId('run-item').nth(1)).toHaveAttribute('data-steps', '8');
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
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(page.getByTestId('generate-button')).toHaveText(/[\u4e00-\u9fff]/);
    // One more step, then a reload at once: IndexedDB is written once a second and cannot finish
    // while the page unloads, so the newest step survives through the copy made on pagehide.
    await page.getByTestId('step-button').click();
    await expect(page.getByTestId('timeline-step')).toHaveCount(6);
    const ids = await stepIds(page);
    await page.goto('/');
    await expect(page.getByTestId('timeline-step')).toHaveCount(6);
    expect(await stepIds(page)).toEqual(ids);
    await expect(status(page)).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('prompt-input')).toHaveValue('The cat sat');
    await expect(page.getByTestId('generate-button')).toHaveText(/[\u4e00-\u9fff]/);
    await page.goto('/?lang=en');
    await expect(page.getByTestId('generate-button')).toHaveText('Generate');
  });

  test('bad URL parameters are named; HTML, RTL and control characters in a prompt stay text', async ({
    page,
  }) => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const html = '<img src=x onerror=alert(1)>';
    // Right-to-left scripts, a bidi override, control characters, emoji and Chinese with it.
    const prompt = `${html} שלום مرحبا \u202e\u0000\u001b[31m 👋🏽 世界`;
    await page.goto(`/?model=tiny-gpt2&ep=wasm&steps=abc&prompt=${encodeURIComponent(prompt)}`);
    await expect(page.getByTestId('notice')).toContainText('steps');
    await expect(page.getByTestId('steps-input')).toHaveValue('20');
    await page.getByTestId('steps-input').fill('3');
    await page.getByTestId('generate-button').click();
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    const tokens = page.locator('[data-testid=context-token][data-source=prompt]');
    const shown = await tokens.evaluateAll((nodes) =>
      nodes.map((n) => {
        const { top, left, right } = n.getBoundingClientRect();
        const box = { top, left, right };
        return { id: Number(n.getAttribute('data-token-id')), text: n.textContent ?? '', box };
      }),
    );
    expect(shown.map((t) => t.id)).toEqual(encodeText(prompt));
    expect(shown.map((t) => t.text).join('')).toContain(html);
    // Invisible and layout-steering characters are shown as symbols, never passed through…
    const codes = Array.from(shown.map((t) => t.text).join(''), (c) => c.codePointAt(0));
    expect(codes.filter((c) => c === 0 || c === 0x1b || c === 0x202e)).toEqual([]);
    // …and tokens stay in the order they were typed, left to right, line by line.
    const inOrder = shown.every(
      (t, i) =>
        i === 0 ||
        t.box.top > shown[i - 1].box.top + 1 ||
        (Math.abs(t.box.top - shown[i - 1].box.top) <= 1 &&
          t.box.left >= shown[i - 1].box.right - 1),
    );
    expect(inOrder).toBe(true);
    expect(await page.locator('img[src=x]').count()).toBe(0);
    // The Content-Security-Policy holds: no inline script runs, no request leaves for another site.
    const csp = page.locator('meta[http-equiv="Content-Security-Policy"]');
    await expect(csp).toHaveAttribute('content', /script-src 'self' 'wasm-unsafe-eval'/);
    const blocked = await page.evaluate(async () => {
      // The policy's own reports: blocked because of it, not because this machine is offline.
      const violated: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        violated.push(e.effectiveDirective),
      );
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.injected = "1"';
      document.head.append(script);
      const fetched = await fetch('https://example.com/').then(
        () => true,
        () => false,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { ran: document.body.dataset.injected === '1', fetched, violated };
    });
    expect({ ran: blocked.ran, fetched: blocked.fetched }).toEqual({ ran: false, fetched: false });
    expect(blocked.violated).toContain('connect-src');
    expect(blocked.violated.some((d) => d.startsWith('script-src'))).toBe(true);
    expect(dialogs).toBe(0);
  });
});
