import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { cliTokenIds } from './cli';
import { argmax, tinyReference } from './reference';

/** "Look inside this step": the inspection pass on tiny-gpt2 (WASM), for step 3. */

const PROMPT = 'Once upon a time';
const PROMPT_TOKENS = 4;
const status = (page: Page) => page.getByTestId('app-status');
const panel = (page: Page) => page.getByTestId('inspect-panel');

/** The inspection panel's serious and critical axe violations, one line each. */
async function panelViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-testid=inspect-panel]').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}

/** The ids of the prompt's tokens and of the steps before `step`: what that step read. */
async function contextOf(page: Page, step: number): Promise<number[]> {
  const prompt = await page
    .getByTestId('prompt-chip')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-token-id'))));
  const steps = await page
    .getByTestId('timeline-step')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-token-id'))));
  return [...prompt, ...steps.slice(0, step - 1)];
}

/** The largest probability of a softmax over `logits`. */
function topProb(logits: ArrayLike<number>): number {
  const max = logits[argmax(logits)];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return 1 / sum;
}

function expectCloseTo(shown: number[], expected: ArrayLike<number>): void {
  expect(shown).toHaveLength(expected.length);
  shown.forEach((w, k) => expect(w).toBeCloseTo(expected[k], 4));
}

async function weights(page: Page): Promise<number[]> {
  return panel(page)
    .getByTestId('attention-weight')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-weight'))));
}

test('inspecting step 3: mask, attention weights, layers, heads and the logit lens', async ({
  page,
}) => {
  const prompt = encodeURIComponent(PROMPT);
  await page.goto(`/?model=tiny-gpt2&ep=wasm&strategy=greedy&prompt=${prompt}&steps=5&autoplay=1`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await page.locator('[data-testid=timeline-step][data-step="3"]').click();
  await page.getByTestId('inspect-button').click();
  // Step 3 read the prompt and the two tokens chosen before it.
  const size = PROMPT_TOKENS + 2;
  const grid = panel(page).getByTestId('mask-grid');
  await expect(grid).toHaveAttribute('data-size', String(size), { timeout: 30_000 });
  await expect(grid.locator('[data-allowed=true]')).toHaveCount((size * (size + 1)) / 2);
  await expect(grid.locator('[data-allowed=false]')).toHaveCount((size * (size - 1)) / 2);
  // Random weights: the views say that what they show means nothing, though it is exact.
  await expect(panel(page).getByTestId('inspect-random-weights')).toContainText('random weights');
  const ids = await contextOf(page, 3);
  expect(ids).toHaveLength(size);
  const reference = tinyReference(ids);
  const newest = (layer: number, head: number) => reference.attention[layer][head][size - 1];

  // Layer 1, head 1: the newest position's weights over every position it read, as computed.
  const first = await weights(page);
  expect(first.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  expectCloseTo(first, newest(0, 0));
  const positions = await panel(page)
    .getByTestId('attention-weight')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-position')));
  expect(positions).toEqual(Array.from({ length: size }, (_, k) => String(k + 1)));

  const headSelect = panel(page).getByTestId('attention-head-select');
  await headSelect.selectOption('1');
  await expect.poll(() => weights(page)).not.toEqual(first);
  const second = await weights(page);
  expect(second.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  expectCloseTo(second, newest(0, 1));
  // The average of heads is the mean of every head's weights, position by position.
  const heads = (await headSelect.locator('option').count()) - 1;
  const perHead: number[][] = [];
  for (let h = 0; h < heads; h++) {
    await headSelect.selectOption(String(h));
    await expect(headSelect).toHaveValue(String(h));
    perHead.push(await weights(page));
  }
  await headSelect.selectOption('average');
  await expect(headSelect).toHaveValue('average');
  const average = await weights(page);
  expect(average.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  average.forEach((w, k) => {
    const mean = perHead.reduce((sum, head) => sum + head[k], 0) / heads;
    expect(w).toBeCloseTo(mean, 3);
  });

  // Another layer: its own weights, head by head.
  const layerSelect = panel(page).getByTestId('attention-layer-select');
  const layerCount = await layerSelect.locator('option').count();
  expect(layerCount).toBe(reference.attention.length);
  await layerSelect.selectOption('1');
  await headSelect.selectOption('2');
  await expect(layerSelect).toHaveValue('1');
  await expect.poll(() => weights(page)).not.toEqual(perHead[2]);
  const later = await weights(page);
  expect(later.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  expectCloseTo(later, newest(1, 2));
  await expect(panel(page).getByTestId('attention-map')).toBeVisible();

  // The logit lens: each layer's top token and its probability; the last is the step's token.
  const layers = panel(page).getByTestId('lens-layer');
  await expect(layers).toHaveCount(reference.lens.length);
  const lens = await layers.evaluateAll((nodes) =>
    nodes.map((n) => ({
      layer: n.getAttribute('data-layer'),
      id: Number(n.getAttribute('data-token-id')),
      prob: Number(n.getAttribute('data-prob')),
    })),
  );
  lens.forEach((row, i) => {
    expect(row.layer).toBe(String(i + 1));
    expect(row.id).toBe(argmax(reference.lens[i]));
    expect(row.prob).toBeCloseTo(topProb(reference.lens[i]), 3);
  });
  const chosen = await page
    .locator('[data-testid=timeline-step][data-step="3"]')
    .getAttribute('data-token-id');
  expect(String(lens.at(-1)?.id)).toBe(chosen);
  const top = page.getByTestId('step-detail').getByTestId('candidate').first();
  await expect(top).toHaveAttribute('data-token-id', chosen ?? '');
  expect(lens.at(-1)?.prob).toBeCloseTo(Number(await top.getAttribute('data-prob')), 3);
  expect(await panelViolations(page)).toEqual([]);
});

test('inspecting the prefill: after each prompt token the CLI’s next token, after the last step 1’s', async ({
  page,
}) => {
  const prompt = encodeURIComponent(PROMPT);
  await page.goto(`/?model=tiny-gpt2&ep=wasm&strategy=greedy&prompt=${prompt}&steps=2&autoplay=1`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const firstToken = await page
    .locator('[data-testid=timeline-step][data-step="1"]')
    .getAttribute('data-token-id');
  await page.getByTestId('prefill-block').click();
  await expect(page.getByTestId('inspect-button')).toHaveText('Look inside the prefill');
  await page.getByTestId('inspect-button').click();
  const rows = panel(page).getByTestId('prefill-prediction');
  await expect(rows).toHaveCount(PROMPT_TOKENS, { timeout: 30_000 });
  await expect(rows.last()).toHaveAttribute('data-position', String(PROMPT_TOKENS));
  await expect(rows.last()).toHaveAttribute('data-token-id', firstToken ?? '');
  // After each prompt position, the most likely next token: the CLI's greedy first token from
  // the prompt cut after that position ("Once", "Once upon", …).
  const shown = await rows.evaluateAll((nodes) =>
    nodes.map((n) => [n.getAttribute('data-position'), Number(n.getAttribute('data-token-id'))]),
  );
  const words = PROMPT.split(' ');
  const expected = words.map((_, k) => [
    String(k + 1),
    cliTokenIds(words.slice(0, k + 1).join(' '), 1)[0],
  ]);
  expect(shown).toEqual(expected);
  expect(await panelViolations(page)).toEqual([]);
});
