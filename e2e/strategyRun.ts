import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Opening tiny-gpt2 on a strategy and running that strategy to its end, shared by the strategy
 * specs (strategies, strategiesHub, strategyFiles) so that they all wait for a run the same way.
 */

export const PROMPT = 'Once upon a time';
export const STEPS = 8;

/** Opens the page on tiny-gpt2 with the prompt, STEPS steps, wasm and English; `params` added last. */
export async function openTiny(page: Page, params: Record<string, string>): Promise<void> {
  const query = new URLSearchParams({
    model: 'tiny-gpt2',
    prompt: PROMPT,
    steps: `${STEPS}`,
    ep: 'wasm',
    lang: 'en',
    ...params,
  });
  await page.goto(`/?${query}`);
}

/** The token ids of a comma-separated `data-token-ids` attribute; none for an empty or absent one. */
export const tokenIds = (text: string | null): number[] =>
  text ? text.split(',').map((id) => Number(id)) : [];

/**
 * Runs the chosen strategy from its panel and waits for the end of that run, not of one shown
 * before it (an earlier run, or one a reload brought back): the view must first show it running,
 * watched from inside the page so that a short run cannot slip by. A failed or refused run throws
 * with the page's reason. Its tokens.
 */
export async function runStrategy(page: Page): Promise<number[]> {
  const started = page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector('[data-testid=strategy-run-view][data-status=running]')) {
            return;
          }
          observer.disconnect();
          resolve();
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      }),
  );
  await page.getByTestId('strategy-run').click();
  await started;
  const view = page.getByTestId('strategy-run-view');
  await expect(view).toHaveAttribute('data-status', /done|failed/, { timeout: 90_000 });
  const problem = page.getByTestId('strategy-problem');
  if (await problem.isVisible()) throw new Error(`the run failed: ${await problem.textContent()}`);
  const refused = page.getByTestId('jacobi-refused');
  if (await refused.isVisible()) {
    throw new Error(`Jacobi was refused: ${await refused.getAttribute('title')}`);
  }
  return tokenIds(await page.getByTestId('strategy-tokens').getAttribute('data-token-ids'));
}

/** The serious or critical problems axe finds in the strategy panel and fields, one per line. */
export async function panelViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('[data-testid=strategy-panel]')
    .include('[data-testid=strategy-fields]')
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}
