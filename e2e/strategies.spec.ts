import { expect, test } from '@playwright/test';
import { loadNodeModel } from '../scripts/nodeModel';
import { beamSearch } from '../src/engine/strategies/beamSearch';
import { encodeText } from '../src/engine/tokenizer';
import { cliTokenIds } from './cli';
import { stopOnFirst } from './stopTiming';
import { openTiny, panelViolations, PROMPT, runStrategy, STEPS, tokenIds } from './strategyRun';
import { stepIds } from './timeline';

const TINY = 'public/models/tiny-gpt2';

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
});
