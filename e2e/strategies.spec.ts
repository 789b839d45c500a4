import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { loadNodeModel } from '../scripts/nodeModel';
import { beamSearch } from '../src/engine/strategies/beamSearch';
import { encodeText } from '../src/engine/tokenizer';
import { cliTokenIds } from './cli';
import { stopOnFirst } from './stopTiming';
import { openTiny, PROMPT, runStrategy, STEPS, tokenIds } from './strategyRun';
import { stepIds } from './timeline';

const TINY = 'public/models/tiny-gpt2';

/** The serious or critical problems axe finds in the strategy panel and fields, one per line. */
async function panelViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('[data-testid=strategy-panel]')
    .include('[data-testid=strategy-fields]')
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}

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

test.describe('beam search, Jacobi and speculative decoding from the page', () => {
  const greedy = cliTokenIds(PROMPT, STEPS);

  test('one beam gives the greedy tokens, and Generate still works after it', async ({ page }) => {
    expect(greedy).toHaveLength(STEPS);
    await openTiny(page, { strategy: 'beam', beams: '1' });
    await expect(page.getByTestId('decoding-select')).toHaveValue('beam');
    await expect(page.getByTestId('beams-input')).toHaveValue('1');
    expect(await runStrategy(page)).toEqual(greedy);
    await expect(page.getByTestId('beam-step')).toHaveCount(STEPS);
    const compare = page.getByTestId('strategy-compare');
    await expect(compare).toHaveAttribute('data-same-tokens', 'yes');
    expect(tokenIds(await compare.getAttribute('data-greedy-token-ids'))).toEqual(greedy);
    // The strategy took the worker's decoder over; a normal run starts afresh and is unchanged.
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
    expect(await stepIds(page)).toEqual(greedy);
  });

  test('three beams draw the tree and end with the engine’s best sequence', async ({ page }) => {
    const tiny = await loadNodeModel(TINY);
    const expected = await beamSearch(tiny.decoder, encodeText(PROMPT), {
      beams: 3,
      maxSteps: STEPS,
      lengthPenalty: 1,
    });
    await tiny.session.release();

    await openTiny(page, { strategy: 'beam', beams: '3', lengthPenalty: '1' });
    const best = await runStrategy(page);
    expect(best).toEqual(expected.final[0].tokens);
    const tree = page.getByTestId('beam-tree');
    await expect(tree.getByTestId('beam-step')).toHaveCount(STEPS);
    // Every step's nodes are the engine's: the beams kept (three, in order) with their token and
    // cumulative log-probability, the sequences ended there, and the candidates pruned.
    const nodes = await tree.getByTestId('beam-node').evaluateAll((all) =>
      all.map((n) => ({
        step: Number(n.getAttribute('data-step')),
        beam: n.getAttribute('data-beam'),
        token: Number(n.getAttribute('data-token-id')),
        logprob: Number(n.getAttribute('data-logprob')),
        kept: n.getAttribute('data-kept'),
        ended: n.hasAttribute('data-ended'),
      })),
    );
    for (const step of expected.steps) {
      const here = nodes.filter((n) => n.step === step.step);
      const running = here.filter((n) => n.kept === 'true' && !n.ended);
      expect(running.map((n) => [n.beam, n.token])).toEqual(
        step.kept.map((k) => [String(k.id), k.tokenId]),
      );
      running.forEach((n, i) => expect(n.logprob).toBeCloseTo(step.kept[i].logProb, 3));
      expect(here.filter((n) => n.ended).map((n) => n.token)).toEqual(
        step.ended.map((k) => k.tokenId),
      );
      const pruned = step.expansions.flatMap((e) =>
        e.candidates.filter((c) => c.fate === 'pruned'),
      );
      expect(here.filter((n) => n.kept === 'false').map((n) => n.token)).toEqual(
        pruned.map((c) => c.tokenId),
      );
    }
    const finals = page.getByTestId('beam-result');
    await expect(finals).toHaveCount(expected.final.length);
    const ranked = await finals.evaluateAll((nodes) =>
      nodes.map((n) => ({
        rank: Number(n.getAttribute('data-rank')),
        score: Number(n.getAttribute('data-score')),
        tokens: n.getAttribute('data-token-ids'),
      })),
    );
    expect(ranked.map((r) => r.rank)).toEqual(ranked.map((_, i) => i + 1));
    expect(ranked.map((r) => r.tokens)).toEqual(expected.final.map((b) => b.tokens.join(',')));
    for (const [i, r] of ranked.entries()) {
      expect(r.score).toBeCloseTo(expected.final[i].score, 4);
    }
    // The page counts the model runs the search made: each step's three beams in one pass.
    expect(expected.batched).toBe(true);
    await expect(page.getByTestId('strategy-compare')).toHaveAttribute(
      'data-passes',
      String(expected.modelRuns),
    );
    await expect(page.getByTestId('beam-batched')).toHaveAttribute('data-batched', 'yes');
    // Choosing a step shows its beams' candidates: three kept, the rest dropped.
    await tree.getByTestId('beam-step-button').nth(2).click();
    const detail = page.getByTestId('beam-step-detail');
    await expect(detail).toHaveAttribute('data-step', '3');
    await expect(tree.getByTestId('beam-step-button').nth(2)).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(detail.locator('[data-fate=kept]')).toHaveCount(3);
    expect(await detail.locator('[data-fate=pruned]').count()).toBeGreaterThan(0);
    // Reachable from the keyboard: Enter on a step's button shows that step.
    await tree.getByTestId('beam-step-button').nth(0).focus();
    await page.keyboard.press('Enter');
    await expect(detail).toHaveAttribute('data-step', '1');
    expect(await panelViolations(page)).toEqual([]);
  });

  test('Stop ends a beam search between steps', async ({ page }) => {
    const steps = 240;
    await openTiny(page, { strategy: 'beam', beams: '8', steps: `${steps}` });
    await expect(page.getByTestId('strategy-run')).toBeEnabled({ timeout: 90_000 });
    const stopped = stopOnFirst(page, 'beam-step', 'strategy-stop');
    await page.getByTestId('strategy-run').click();
    await stopped;
    const view = page.getByTestId('strategy-run-view');
    await expect(view).toHaveAttribute('data-status', 'stopped');
    await expect(page.getByTestId('strategy-stopped')).toBeVisible();
    const drawn = await page.getByTestId('beam-step').count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(steps);
    // Nothing more arrives after the stop.
    await page.waitForTimeout(500);
    await expect(page.getByTestId('beam-step')).toHaveCount(drawn);
    await expect(page.getByTestId('strategy-run')).toBeEnabled();
  });

  test('Jacobi decoding gives the greedy tokens in no more passes than tokens', async ({
    page,
  }) => {
    await openTiny(page, { strategy: 'jacobi', window: '4' });
    await expect(page.getByTestId('window-input')).toHaveValue('4');
    expect(await runStrategy(page)).toEqual(greedy);
    const passes = Number(await page.getByTestId('jacobi-passes').getAttribute('data-passes'));
    const tokens = Number(await page.getByTestId('jacobi-tokens').getAttribute('data-tokens'));
    expect(tokens).toBe(STEPS);
    expect(passes).toBeGreaterThan(0);
    expect(passes).toBeLessThanOrEqual(tokens);
    await expect(page.getByTestId('jacobi-iteration')).toHaveCount(passes - 1);
    // Every pass fixes at least one token; the last one has all of them.
    const iterations = page.getByTestId('jacobi-iteration');
    const fixed = await iterations.evaluateAll((all) =>
      all.map((n) => Number(n.getAttribute('data-fixed'))),
    );
    expect(Math.min(...fixed)).toBeGreaterThanOrEqual(1);
    await expect(iterations.last()).toHaveAttribute('data-generated', String(tokens));
    await expect(page.getByTestId('jacobi-same-as-greedy')).toContainText('greedy');
    await expect(page.getByTestId('jacobi-same-as-greedy')).toHaveAttribute('data-exact', 'true');
    await expect(page.getByTestId('jacobi-8bit')).toHaveCount(0);
    await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
    expect(await panelViolations(page)).toEqual([]);
    // Guesses from earlier text change only the passes, never the tokens.
    await page.getByTestId('jacobi-lookup').check();
    expect(await runStrategy(page)).toEqual(greedy);
    await expect(page.getByTestId('jacobi-guesses')).toContainText('earlier in the text');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(page.getByTestId('jacobi-same-as-greedy')).toContainText('贪心解码');
    expect(await panelViolations(page)).toEqual([]);
  });

  test('on the 8-bit file the page says Jacobi’s tokens can differ from greedy', async ({
    page,
  }) => {
    await openTiny(page, { model: 'tiny-gpt2:q8', strategy: 'jacobi', window: '4' });
    const tokens = await runStrategy(page);
    expect(tokens).toHaveLength(STEPS);
    await expect(page.getByTestId('jacobi-same-as-greedy')).toHaveAttribute('data-exact', 'false');
    await expect(page.getByTestId('jacobi-8bit')).toContainText('8-bit');
  });

  test('bad strategy parameters are named in the notice', async ({ page }) => {
    await openTiny(page, {
      strategy: 'beam',
      beams: '12',
      window: '0',
      lengthPenalty: 'x',
      k: '9',
    });
    const notices = page.getByTestId('notice');
    for (const name of ['beams', 'window', 'lengthPenalty', 'k']) {
      await expect(notices.filter({ hasText: `${name}=` })).toHaveCount(1);
    }
    await expect(page.getByTestId('beams-input')).toHaveValue('3');
  });

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
