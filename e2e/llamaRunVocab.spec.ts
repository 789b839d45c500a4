import { expect, test, type Page } from '@playwright/test';
import { MODEL_CACHE } from '../src/engine/modelFiles';
import {
  openTinyQwen,
  serveTinyQwen,
  TINY_QWEN_ID,
  tinyQwenFolderPerSuite,
  tinyQwenVocabulary,
} from './tinyQwenHub';

/**
 * A saved run of a Llama-family Hub model whose tokenizer files this browser no longer holds: it
 * comes back by bare ids with a notice, never as GPT-2's text, and reads as text again once the
 * user downloads the model's tokenizer files (not the model) with the notice's button.
 */

const PROMPT = '从前有一个小女孩';
const STEPS = 3;

const labels = (page: Page): Promise<{ id: number; label: string }[]> =>
  page.getByTestId('context-token').evaluateAll((nodes) =>
    nodes.map((n) => ({
      id: Number(n.getAttribute('data-token-id')),
      label: n.textContent ?? '',
    })),
  );

test.describe('a saved Llama-family run without its tokenizer', () => {
  const folder = tinyQwenFolderPerSuite();
  const vocab = tinyQwenVocabulary();

  test('shows ids with a notice, then text once its tokenizer is downloaded', async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    await openTinyQwen(page, context, folder(), {
      ep: 'wasm',
      steps: `${STEPS}`,
      strategy: 'greedy',
      prompt: PROMPT,
      chat: '0',
      lang: 'en',
    });
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 60_000,
    });
    const before = await labels(page);
    expect(before.map((t) => t.label)).toEqual(before.map((t) => vocab.viewToken(t.id).label));
    await expect(page.getByTestId('run-vocab-notice')).toHaveCount(0);

    // The browser loses the model's files (storage cleared) and the Hub is out of reach.
    await page.evaluate((name) => caches.delete(name), MODEL_CACHE);
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.route('https://huggingface.co/**', (route) => route.abort());
    await page.reload();
    await expect(page.getByTestId('context-token')).toHaveCount(before.length, {
      timeout: 30_000,
    });
    const notice = page.getByTestId('run-vocab-notice');
    await expect(notice).toContainText(TINY_QWEN_ID);
    // Bare ids, never GPT-2's reading of Qwen's ids.
    await expect
      .poll(() => labels(page))
      .toEqual(before.map((t) => ({ id: t.id, label: `⟨#${t.id}⟩` })));

    // The selected model's prompt cannot be counted yet, but it is not empty: Generate would load
    // the model (and its tokenizer) first.
    await expect(page.getByTestId('prompt-problem')).toHaveCount(0);
    await expect(page.getByTestId('generate-button')).toBeEnabled();
    await expect(page.getByText('tokens counted once the model’s tokenizer is here')).toBeVisible();

    // Unreachable: the notice says so and the ids stay.
    await page.getByTestId('run-vocab-download').click();
    await expect(page.getByTestId('run-vocab-failed')).toBeVisible({ timeout: 30_000 });
    await expect(notice).toHaveAttribute('data-state', 'failed');

    // The Hub back: the click fetches the tokenizer, not the model, and the run reads as text.
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    const log = await serveTinyQwen(context, folder());
    await page.getByTestId('run-vocab-download').click();
    await expect(notice).toHaveCount(0, { timeout: 30_000 });
    await expect.poll(() => labels(page)).toEqual(before);
    expect(log).toContain('tokenizer.json');
    expect(log).not.toContain('onnx/model.onnx');
  });
});
