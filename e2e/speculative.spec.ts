import { expect, test, type Page } from '@playwright/test';
import { cliTokenIds } from './cli';
import { stopOnFirst } from './stopTiming';
import { openTiny, panelViolations, PROMPT, runStrategy, STEPS } from './strategyRun';

/**
 * Speculative decoding from the page on the tiny pair (tiny-gpt2 and its derived draft): greedy
 * gives the chain's tokens round by round, Stop ends a run between rounds, and sampling shows
 * the acceptance rule at each check, the same seed giving the same run. Beam search and Jacobi
 * are in strategies.spec.ts.
 */

/** A sampled run's rounds as the page shows them: the rule at each check, and the draw. */
const sampledRounds = (page: Page) =>
  page.getByTestId('spec-round').evaluateAll((nodes) =>
    nodes.map((round) => ({
      accepted: Number(round.getAttribute('data-accepted')),
      tokens: round.querySelector('[data-testid=spec-added]')?.getAttribute('data-token-ids'),
      checks: [...round.querySelectorAll('[data-testid=spec-check]')].map((check) => ({
        verdict: check.getAttribute('data-verdict'),
        p: Number(check.getAttribute('data-p')),
        q: Number(check.getAttribute('data-q')),
        a: Number(check.getAttribute('data-accept-probability')),
      })),
      drawFrom: round.querySelector('[data-testid=spec-draw]')?.getAttribute('data-from') ?? null,
    })),
  );

test.describe('speculative decoding from the page', () => {
  const greedy = cliTokenIds(PROMPT, STEPS);

  test('speculative decoding gives the greedy tokens round by round', async ({ page }) => {
    await test.step('the tiny pair gives greedy decoding’s tokens', async () => {
      await openTiny(page, { strategy: 'speculative', k: '3' });
      await expect(page.getByTestId('decoding-select')).toHaveValue('speculative');
      await expect(page.getByTestId('k-input')).toHaveValue('3');
      await expect(page.getByTestId('draft-select')).toContainText('tiny-gpt2-draft');
      expect(await runStrategy(page)).toEqual(greedy);
      const rounds = page.getByTestId('spec-round');
      const count = await rounds.count();
      expect(count).toBeGreaterThan(0);
      let proposed = 0;
      let accepted = 0;
      for (let i = 0; i < count; i++) {
        const round = rounds.nth(i);
        await expect(round).toHaveAttribute('data-round', `${i + 1}`);
        const p = Number(await round.getAttribute('data-proposed'));
        const a = Number(await round.getAttribute('data-accepted'));
        expect(p).toBeLessThanOrEqual(3);
        expect(a).toBeLessThanOrEqual(p);
        // Kept proposals green, the rest struck out, then the model's own token.
        await expect(
          round.locator('[data-testid=spec-proposed] [data-state=accepted]'),
        ).toHaveCount(a);
        await expect(
          round.locator('[data-testid=spec-proposed] [data-state=rejected]'),
        ).toHaveCount(p - a);
        await expect(round.getByTestId('spec-token')).toHaveCount(1);
        proposed += p;
        accepted += a;
      }
      const rate = page.getByTestId('acceptance-rate');
      await expect(rate).toHaveAttribute('data-proposed', `${proposed}`);
      await expect(rate).toHaveAttribute('data-accepted', `${accepted}`);
      await expect(page.getByTestId('model-passes')).toHaveAttribute('data-value', `${count + 1}`);
      await expect(page.getByTestId('spec-same-as-greedy')).toContainText('not skipped');
      await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
      expect(await panelViolations(page)).toEqual([]);
      await page.getByTestId('language-select').selectOption('zh-CN');
      await expect(page.getByTestId('spec-same-as-greedy')).toContainText('贪心解码');
      expect(await panelViolations(page)).toEqual([]);
    });
  });

  // A page of its own: a page that made a run shows it again after a reload (strategyRunSaved),
  // and its rounds would set off the Stop click before the new run's first round.
  test('Stop ends a long speculative run between rounds', async ({ page }) => {
    const steps = 240;
    await openTiny(page, { strategy: 'speculative', k: '1', steps: `${steps}` });
    await expect(page.getByTestId('strategy-run')).toBeEnabled({ timeout: 90_000 });
    const stopped = stopOnFirst(page, 'spec-round', 'strategy-stop');
    await page.getByTestId('strategy-run').click();
    await stopped;
    await expect(page.getByTestId('strategy-run-view')).toHaveAttribute('data-status', 'stopped');
    const drawn = await page.getByTestId('spec-round').count();
    const tokens = Number(await page.getByTestId('model-passes').getAttribute('data-tokens'));
    expect(tokens).toBeLessThan(steps);
    // Whole rounds only: the tokens are the prefill's one plus each round's.
    let added = 1;
    for (let i = 0; i < drawn; i++) {
      const round = page.getByTestId('spec-round').nth(i);
      added += Number(await round.getAttribute('data-accepted')) + 1;
    }
    expect(tokens).toBe(added);
    await expect(page.getByTestId('strategy-run')).toBeEnabled();
  });

  test('speculative sampling shows the rule at each rejection; the same seed, the same run', async ({
    page,
    browser,
  }) => {
    const params = { strategy: 'speculative', k: '3', steps: '16', temperature: '1.5', seed: '7' };
    await openTiny(page, params);
    // The link's temperature makes the form sample, and speculative decoding samples with it.
    await expect(page.getByTestId('strategy-select')).toHaveValue('sample');
    const form = page.getByTestId('spec-form-sampling');
    await expect(form).toHaveAttribute('data-sampled', 'true');
    await expect(form).toHaveAttribute('data-seed', '7');
    await expect(page.getByTestId('spec-cutoffs-unused')).toHaveCount(0);
    const first = await runStrategy(page);
    expect(first).toHaveLength(16);
    await expect(page.getByTestId('spec-sampling')).toHaveAttribute('data-temperature', '1.5');
    await expect(page.getByTestId('spec-same-as-greedy')).toHaveAttribute('data-sampled', 'true');
    const rounds = await sampledRounds(page);
    const checks = rounds.flatMap((r) => r.checks);
    const rejected = checks.filter((c) => c.verdict === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const c of checks) {
      expect(c.q).toBeGreaterThan(0);
      expect(c.a).toBeCloseTo(Math.min(1, c.p / c.q), 9);
    }
    for (const r of rounds) {
      // Kept proposals first, then at most one rejected, whose replacement came from the residual.
      expect(r.checks.filter((c) => c.verdict === 'kept')).toHaveLength(r.accepted);
      const rejectedHere = r.checks.some((c) => c.verdict === 'rejected');
      expect(r.drawFrom).toBe(rejectedHere ? 'residual' : 'target');
    }
    await expect(
      page.getByTestId('spec-check').filter({ hasText: 'rejected' }).first(),
    ).toContainText('min(1, p/q)');
    await expect(page.getByTestId('spec-draw').first()).toBeVisible();

    await test.step('the same seed gives the same run, another seed another', async () => {
      expect(await runStrategy(page)).toEqual(first);
      expect(await sampledRounds(page)).toEqual(rounds);
      await page.getByTestId('seed-input').fill('8');
      expect(await runStrategy(page)).not.toEqual(first);
    });

    await test.step('top-k is named as not applied, and the link carries the sampling', async () => {
      const seeded = await runStrategy(page);
      await page.getByTestId('top-k-input').fill('40');
      const note = page.getByTestId('spec-cutoffs-unused');
      await expect(note).toContainText('top-k = 40');
      await expect(note).toHaveAttribute('data-cutoffs', 'topK');
      await page.getByTestId('share-button').click();
      const link = new URL(await page.getByTestId('share-link').inputValue());
      expect(Object.fromEntries(link.searchParams)).toMatchObject({
        strategy: 'speculative',
        k: '3',
        temperature: '1.5',
        seed: '8',
        topK: '40',
      });
      // Opened in a browser of its own, as a link sent to someone else: nothing kept from here.
      const elsewhere = await browser.newContext();
      const other = await elsewhere.newPage();
      await other.goto(link.href);
      await expect(other.getByTestId('spec-form-sampling')).toHaveAttribute('data-seed', '8');
      // Top-k is not applied: the run is the one without it.
      expect(await runStrategy(other)).toEqual(seeded);
      await other.getByTestId('language-select').selectOption('zh-CN');
      await expect(other.getByTestId('spec-cutoffs-unused')).toContainText('投机采样不使用');
      await expect(other.getByTestId('spec-sampling')).toContainText('温度 1.5');
      await expect(
        other.getByTestId('spec-check').filter({ hasText: '拒绝' }).first(),
      ).toContainText('min(1, p/q)');
      expect(await panelViolations(other)).toEqual([]);
      await elsewhere.close();
    });
  });
});
