import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { viewToken } from '../src/engine/tokenizer';
import { shadeLevel } from '../src/components/teach/tokenShade';
import { cliTokenIds } from './cli';
import { stepIds } from './timeline';

/**
 * The teaching aids: the text coloured by the model (and branching from its alternatives), the
 * run as code, and the "guess the next token" game, on tiny-gpt2 with WASM.
 */

const PROMPT = 'Once upon a time';
const status = (page: Page) => page.getByTestId('app-status');
const tokens = (page: Page) => page.getByTestId('colored-token');

async function open(page: Page, query: string): Promise<void> {
  const prompt = encodeURIComponent(PROMPT);
  await page.goto(`/?model=tiny-gpt2&ep=wasm&prompt=${prompt}&${query}`);
}

async function finishedRun(page: Page, steps: number, extra = ''): Promise<void> {
  await open(page, `steps=${steps}&autoplay=1${extra}`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', String(steps));
}

const attr = async (page: Page, name: string): Promise<string[]> =>
  tokens(page).evaluateAll((nodes, n) => nodes.map((node) => node.getAttribute(n) ?? ''), name);

/** Serious or critical axe violations inside the teaching aids' sections. */
async function teachViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('[data-testid=guess-game]')
    .include('[data-testid=colored-text-panel]')
    .include('[data-testid=copy-code]')
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}

test.describe('the text coloured by the model', () => {
  test("its tokens are the run's, each with the step detail's probability", async ({ page }) => {
    await finishedRun(page, 6);
    await expect(tokens(page)).toHaveCount(6);
    const ids = (await attr(page, 'data-token-id')).map(Number);
    expect(ids).toEqual(await stepIds(page));
    const probs = await attr(page, 'data-prob');
    const levels = async () => (await attr(page, 'data-level')).map(Number);
    expect(await levels()).toEqual(probs.map((p) => shadeLevel('prob', Number(p))));
    for (let step = 1; step <= 6; step++) {
      await page.locator(`[data-testid=timeline-step][data-step="${step}"]`).click();
      await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', String(step));
      await expect(page.getByTestId('chosen-prob')).toHaveAttribute('data-prob', probs[step - 1]);
    }
    // The text is the tokens' text, as text (a byte piece of a character shows the character).
    const groups = await attr(page, 'data-char-group');
    const whole = groups.findIndex((g) => g === '');
    expect(whole).toBeGreaterThanOrEqual(0);
    await expect(tokens(page).nth(whole)).toHaveText(viewToken(ids[whole]).label);
    // Shading by entropy reads each step's entropy.
    await page.getByTestId('shade-by-select').selectOption('entropy');
    await expect(page.getByTestId('colored-text')).toHaveAttribute('data-shade-by', 'entropy');
    await expect(page.getByTestId('colored-legend')).toContainText('bits');
    const entropies = await attr(page, 'data-entropy');
    expect(await levels()).toEqual(entropies.map((h) => shadeLevel('entropy', Number(h))));
  });

  test('an alternative shown for a token branches the run with that token', async ({ page }) => {
    await finishedRun(page, 5);
    await tokens(page).nth(1).hover();
    const alts = page.getByTestId('colored-alternatives');
    await expect(alts).toHaveAttribute('data-step', '2');
    const pick = alts.locator('[data-testid=colored-alternative][data-chosen=false]').first();
    const pickedId = await pick.getAttribute('data-token-id');
    const before = (await attr(page, 'data-token-id'))[1];
    expect(pickedId).not.toBe(before);
    await pick.click();
    await expect(page.getByTestId('run-item')).toHaveCount(2);
    // The focus goes back to the token, not lost with the button that is now the chosen one.
    await expect(tokens(page).nth(1)).toBeFocused();
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(tokens(page).nth(1)).toHaveAttribute('data-token-id', pickedId!);
    // The branch keeps the step before it.
    const after = await attr(page, 'data-token-id');
    expect(after).toHaveLength(5);
  });

  test('the keyboard moves from token to token without moving the shown step', async ({ page }) => {
    // Long enough that Play, replaying from step 1 at 4 steps a second, is still on when paused.
    await finishedRun(page, 12);
    const position = page.getByTestId('playback-position');
    const shown = await position.textContent();
    await tokens(page).first().focus();
    const alts = page.getByTestId('colored-alternatives');
    await expect(alts).toHaveAttribute('data-step', '1');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(alts).toHaveAttribute('data-step', '3');
    await expect(tokens(page).nth(2)).toBeFocused();
    await expect(position).toHaveText(shown!);
    // One tab stop for the whole text: Tab leaves it for the alternatives (the chosen one is
    // not a button that does anything, so the first focusable is the most likely other one).
    await page.keyboard.press('Tab');
    await expect(
      alts.locator('[data-testid=colored-alternative][data-chosen=false]').first(),
    ).toBeFocused();
    // Space there plays or pauses, as on a candidate row: it never branches.
    await page.keyboard.press('Space');
    await expect(status(page)).toHaveAttribute('data-state', 'playing');
    await page.keyboard.press('Space');
    await expect(status(page)).not.toHaveAttribute('data-state', 'playing');
    await expect(page.getByTestId('run-item')).toHaveCount(1);
  });
});

test.describe('copy as code', () => {
  test('greedy: no sampling, the step count and the prompt, in both libraries', async ({
    page,
  }) => {
    await finishedRun(page, 6);
    const py = (await page.getByTestId('code-python').textContent()) ?? '';
    expect(py).toContain('do_sample=False');
    expect(py).toContain('max_new_tokens=6,');
    expect(py).toContain('tokenizer("Once upon a time", return_tensors="pt")');
    expect(py).toContain('"openai-community/gpt2"');
    expect(py).toMatch(/"tiny-gpt2", which has no id on the Hugging Face Hub/);
    expect(py).not.toMatch(/do_sample=True|temperature=/);
    const js = (await page.getByTestId('code-transformersjs').textContent()) ?? '';
    expect(js).toContain('do_sample: false');
    expect(js).toContain('max_new_tokens: 6,');
    expect(js).toContain('tokenizer("Once upon a time")');
    await expect(page.getByTestId('article-note')).toContainText('do_sample=True');
  });

  test('sampling: do_sample, T, top-k, top-p and the seed; the copy says so', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await finishedRun(page, 3, '&strategy=sample&temperature=0.7&topK=5&seed=9');
    const pre = page.getByTestId('code-python');
    const py = (await pre.textContent()) ?? '';
    for (const part of [
      'do_sample=True',
      'temperature=0.7',
      'top_k=5',
      'top_p=1.0',
      'set_seed(9)',
    ]) {
      expect(py).toContain(part);
    }
    expect(py).toContain('max_new_tokens=3,');
    expect(py).toMatch(/Random streams differ between libraries/);
    const js = (await page.getByTestId('code-transformersjs').textContent()) ?? '';
    expect(js).toContain('do_sample: true');
    expect(js).toContain('random.seed(9);');
    await page.getByTestId('copy-python').click();
    await expect(page.getByTestId('copy-status')).toContainText('Copied');
    await expect(page.getByTestId('copy-python')).toHaveAttribute('data-copied', 'true');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(py);
  });

  test('where the clipboard is refused, the page says to copy the code shown', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
      });
    });
    await finishedRun(page, 2);
    await page.getByTestId('copy-transformersjs').click();
    await expect(page.getByTestId('copy-status')).toContainText('did not allow copying');
    await expect(page.getByTestId('copy-transformersjs')).toHaveAttribute('data-copied', 'false');
  });
});

test.describe('guess the next token', () => {
  test('a right guess ranks 1, a wrong one is not in the top 20; a reload keeps the score', async ({
    page,
  }) => {
    // The token greedy decoding writes first, from the CLI (onnxruntime-node).
    const [first] = cliTokenIds(PROMPT, 1);
    const word = viewToken(first).label.trim();
    expect(word).not.toBe('');
    await open(page, 'steps=1');
    await page.getByTestId('guess-mode').check();
    const input = page.getByTestId('guess-input');
    // Typed without GPT-2's leading space: it still names the token.
    await input.fill(word);
    await page.getByTestId('step-button').click();
    const result = page.getByTestId('guess-result');
    await expect(result).toHaveAttribute('data-rank', '1', { timeout: 90_000 });
    await expect(result).toHaveAttribute('data-token-id', String(first));
    const prob = Number(await result.getAttribute('data-prob'));
    await expect(page.getByTestId('chosen-prob')).toHaveAttribute('data-prob', String(prob));
    const score = page.getByTestId('guess-score');
    await expect(score).toHaveAttribute('data-guesses', '1');
    await expect(score).toHaveAttribute('data-top1', '1');
    await expect(score).toHaveAttribute('data-top5', '1');
    await expect(input).toHaveValue('');

    // A wrong guess, stepped with Enter in the field.
    await input.fill('zzqxv');
    await input.press('Enter');
    await expect(result).toHaveAttribute('data-step', '2', { timeout: 60_000 });
    await expect(result).not.toHaveAttribute('data-rank');
    await expect(result).toContainText('not in the top 20');
    await expect(score).toHaveAttribute('data-guesses', '2');
    await expect(score).toHaveAttribute('data-top1', '1');
    await expect(score).toContainText('Guesses: 2');

    await page.reload();
    await expect(page.getByTestId('guess-mode')).toBeChecked();
    await expect(page.getByTestId('guess-score')).toHaveAttribute('data-guesses', '2');
    await expect(page.getByTestId('guess-score')).toHaveAttribute('data-top1', '1');
    await page.getByTestId('guess-reset').click();
    await expect(page.getByTestId('guess-score')).toHaveAttribute('data-guesses', '0');
  });
});

test.use({ reducedMotion: 'reduce' });

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the teaching aids have no serious or critical axe violation (${lang})`, async ({
    page,
  }) => {
    await finishedRun(page, 4, `&strategy=sample&topK=5&temperature=0.7&seed=42&lang=${lang}`);
    await page.getByTestId('guess-mode').check();
    await page.getByTestId('guess-input').fill('the');
    await page.getByTestId('step-button').click();
    await expect(page.getByTestId('guess-result')).toBeVisible({ timeout: 60_000 });
    await tokens(page).nth(1).focus();
    await expect(page.getByTestId('colored-alternatives')).toBeVisible();
    await page.getByTestId('copy-python').click();
    await expect(page.getByTestId('copy-status')).not.toBeEmpty();
    const found = await teachViolations(page);
    expect(found, found.join('\n')).toEqual([]);
  });
}
