import { expect, test, type Page } from '@playwright/test';
import { applyChatTemplate } from '../src/engine/vocabulary/chatTemplate';
import { LESSON_PROMPT } from '../src/store/lessonScenes';
import {
  openTinyQwen,
  TINY_QWEN_ID,
  TINY_QWEN_REPO,
  tinyQwenFolderPerSuite,
  tinyQwenVocabulary,
} from './tinyQwenHub';

/**
 * The lesson's "Show me" on a Llama-family model: the tiny Qwen2 model from a fake Hub, with
 * Qwen's own tokenizer and chat template. The chain's chapters run with the model's own prompt
 * ids, the answers are counted from that prompt, and chapter 4 says plainly that the mask needs the
 * app's own inspection graph (GPT-2's family only) while the KV cache panel counts its rows.
 * Chapter 7's speculative scene waits for a draft (no usual one shares Qwen's tokenizer), then
 * runs with the one chosen in the strategy settings.
 */

test.use({ reducedMotion: 'reduce' });

const status = (page: Page) => page.getByTestId('app-status');
const panel = (page: Page) => page.getByTestId('lesson-panel');

/** The next chapter, then its "Show me" once the page lets it run. */
async function showChapter(page: Page, chapter: number): Promise<void> {
  if (chapter > 1) await page.getByTestId('lesson-next').click();
  await expect(panel(page)).toHaveAttribute('data-chapter', String(chapter));
  await expect(page.getByTestId('lesson-show-me')).toHaveAttribute('aria-disabled', 'false');
  await page.getByTestId('lesson-show-me').click();
}

async function answer(page: Page): Promise<string> {
  await page.getByTestId('lesson-answer-toggle').click();
  const text = (await page.getByTestId('lesson-answer').textContent()) ?? '';
  await page.getByTestId('lesson-answer-toggle').click();
  return text;
}

test.describe('the lesson on a Llama-family model', () => {
  const folder = tinyQwenFolderPerSuite();
  const vocab = tinyQwenVocabulary();
  // The lesson's prompt as the page sends it: one user message in Qwen's chat template.
  const promptIds = vocab.encodeWithSpecials(applyChatTemplate(vocab.chatTemplate!, LESSON_PROMPT));
  const n = promptIds.length;

  test('every chapter’s "Show me" runs with the model’s own vocabulary', async ({
    page,
    context,
  }) => {
    test.setTimeout(300_000);
    await openTinyQwen(page, context, folder(), { ep: 'wasm', lesson: '1', lang: 'en' });
    // The note counts the lesson's prompt in this model's tokens, its template's included.
    const note = page.getByTestId('lesson-vocab-note');
    await expect(note).toHaveAttribute('data-prompt-tokens', String(n));
    await expect(note).toContainText(`is ${n} tokens for it`);
    await expect(note).toContainText('chat template');

    await test.step('1: the article’s loop, the prompt as the model reads it', async () => {
      await showChapter(page, 1);
      await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
      await expect(page.getByTestId('prompt-input')).toHaveValue(LESSON_PROMPT);
      await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', '19');
      await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '1');
      const ids = await page
        .getByTestId('context-token')
        .evaluateAll((nodes) =>
          nodes
            .filter((node) => node.getAttribute('data-source') === 'prompt')
            .map((node) => Number(node.getAttribute('data-token-id'))),
        );
      expect(ids).toEqual(promptIds);
      expect(await answer(page)).toContain(
        `Step 19 reads ${n + 18} tokens: the ${n} of the prompt`,
      );
    });

    await test.step('2: a branch at step 2, compared with the run', async () => {
      await showChapter(page, 2);
      await expect(page.getByTestId('compare-runs')).toHaveAttribute('data-diverge-step', '2');
      await expect(status(page)).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '2');
    });

    await test.step('3: the same run without the cache, times compared', async () => {
      await showChapter(page, 3);
      await expect(page.getByTestId('compare-time')).toHaveCount(2, { timeout: 90_000 });
      await expect(page.getByTestId('cache-toggle')).not.toBeChecked();
      await expect(page.getByTestId('compare-runs')).not.toHaveAttribute('data-diverge-step', /./);
      expect(await answer(page)).toContain(`all ${n + 18} positions`);
    });

    await test.step('4: step 5, no inspection graph said plainly, the KV cache counted', async () => {
      await showChapter(page, 4);
      await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '5');
      await expect(page.getByTestId('inspect-missing')).toContainText('from the Hub');
      await expect(page.getByTestId('kv-cache')).toHaveAttribute('data-rows', String(n + 4));
      expect(await answer(page)).toContain('only GPT-2’s family has');
      await expect(page.getByTestId('run-item')).toHaveCount(3);
    });

    await test.step('5: the AR(2) toy beside the run', async () => {
      await showChapter(page, 5);
      await expect(page.getByTestId('lesson-ar')).not.toHaveAttribute('data-t', '2');
      await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '1');
    });

    await test.step('6 and 7: beam search and Jacobi decoding on the model’s own tokens', async () => {
      await showChapter(page, 6);
      await expect(page.getByTestId('decoding-select')).toHaveValue('beam');
      await expect(page.getByTestId('beams-input')).toHaveValue('2');
      const view = page.getByTestId('strategy-run-view');
      await expect(view).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await showChapter(page, 7);
      await expect(page.getByTestId('decoding-select')).toHaveValue('jacobi');
      await expect(view).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
      // Speculative decoding: no usual draft shares Qwen's vocabulary; the button says so.
      const also = page.getByTestId('lesson-show-me-also');
      await expect(also).toHaveAttribute('aria-disabled', 'true');
      await expect(page.getByTestId('lesson-show-me-blocked')).toContainText('no usual one');
      // A draft chosen in the strategy settings (here a Hub id: the model itself, which shares its
      // tokenizer) serves the scene.
      await page.getByTestId('decoding-select').selectOption('speculative');
      await page.getByTestId('draft-hub-input').fill(TINY_QWEN_REPO);
      await page.getByTestId('draft-hub-check-button').click();
      await expect(page.getByTestId('draft-hub-check')).toHaveAttribute('data-state', 'ok');
      await page.getByTestId('draft-hub-use').click();
      await expect(page.getByTestId('draft-select')).toHaveValue(TINY_QWEN_ID);
      await expect(also).toHaveAttribute('aria-disabled', 'false');
      await also.click();
      await expect(page.getByTestId('k-input')).toHaveValue('3');
      await expect(view).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
      await expect(page.getByTestId('draft-select')).toHaveValue(TINY_QWEN_ID);
    });

    await test.step('8: the table counts the model’s chain', async () => {
      await showChapter(page, 8);
      await expect(page.getByTestId('decoding-select')).toHaveValue('chain');
      await expect(page.getByTestId('step-detail')).toHaveAttribute('data-step', '19');
      const table = page.getByTestId('lesson-table');
      await expect(table).toContainText('The model’s chain: 19 tokens in 19 steps');
      // Chapter 7's last run, speculative decoding, counted: its prompt is the lesson's as this
      // model reads it, and its tokens are the chain's.
      await expect(table).toContainText(
        /Speculative decoding: 19 tokens in \d+ passes of the model and \d+ of the draft \(greedy: 19\), the same tokens/,
      );
    });
  });
});
