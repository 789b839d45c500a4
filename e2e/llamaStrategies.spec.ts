import { expect, test, type Page } from '@playwright/test';
import { applyChatTemplate } from '../src/engine/vocabulary/chatTemplate';
import { runStrategy } from './strategyRun';
import { stepIds } from './timeline';
import {
  openTinyQwen,
  serveTinyQwen,
  tinyQwenFolderPerSuite,
  tinyQwenVocabulary,
} from './tinyQwenHub';

/**
 * Beam search, Jacobi and speculative decoding on a Llama-family model from the Hub: the tiny
 * Qwen2 model on a fake Hub (tinyQwenHub.ts), with Qwen's own tokenizer and chat template. Each
 * strategy's tokens equal the chain's greedy tokens on the same page; the strategy panel shows
 * the run as context tokens (prompt, then `data-source=generated`) in Qwen's vocabulary, control
 * tokens marked. Speculative decoding's draft is another fake Hub repo with the same tokenizer
 * (other weights), typed in the draft's Hub field and checked there: accepted, and its tokens
 * are still the chain's.
 */

const PROMPT = '从前有一个小女孩';
const STEPS = 6;
const DRAFT_REPO = 'stepwise-test/qwen2-draft';
const DRAFT_ID = `${DRAFT_REPO}@hub`;

interface ShownToken {
  id: number;
  label: string;
  source: string | null;
  special: string | null;
}

/** The strategy panel's context tokens (the chain's strip has its own). */
const strategyTokens = (page: Page): Promise<ShownToken[]> =>
  page
    .getByTestId('strategy-panel')
    .getByTestId('context-token')
    .evaluateAll((nodes) =>
      nodes.map((n) => ({
        id: Number(n.getAttribute('data-token-id')),
        label: n.textContent ?? '',
        source: n.getAttribute('data-source'),
        special: n.getAttribute('data-special'),
      })),
    );

test.describe('strategies on a Llama-family model from the Hub', () => {
  const folder = tinyQwenFolderPerSuite();
  const draft = tinyQwenFolderPerSuite(22);
  const vocab = tinyQwenVocabulary();
  // The prompt as the page sends it: one user message in Qwen's chat template.
  const promptIds = vocab.encodeWithSpecials(applyChatTemplate(vocab.chatTemplate!, PROMPT));

  /** The panel's tokens are the prompt's and `tokens`, as Qwen's vocabulary writes them. */
  async function expectQwenTokens(page: Page, tokens: number[]): Promise<void> {
    const shown = await strategyTokens(page);
    const ids = [...promptIds, ...tokens];
    expect(shown.map((t) => t.id)).toEqual(ids);
    expect(shown.map((t) => t.source)).toEqual([
      ...promptIds.map(() => 'prompt'),
      ...tokens.map(() => 'generated'),
    ]);
    expect(shown.map((t) => t.label)).toEqual(ids.map((id) => vocab.viewToken(id).label));
    expect(shown.map((t) => t.special)).toEqual(
      ids.map((id) => (vocab.isSpecial(id) ? 'true' : null)),
    );
    // <|im_start|>, <|im_end|>, <|im_start|>: the template's control tokens, marked.
    expect(shown.filter((t) => t.special === 'true' && t.source === 'prompt')).toHaveLength(3);
  }

  test('beam search, Jacobi and greedy speculative decoding give the chain’s greedy tokens', async ({
    page,
    context,
  }) => {
    test.setTimeout(300_000);
    const draftLog = await serveTinyQwen(context, draft(), [], DRAFT_REPO);
    await openTinyQwen(page, context, folder(), {
      prompt: PROMPT,
      steps: `${STEPS}`,
      strategy: 'greedy',
      ep: 'wasm',
      lang: 'en',
      k: '3',
    });
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
    const greedy = await stepIds(page);
    expect(greedy.length).toBeGreaterThan(0);
    const chainTokens = page.getByTestId('context-strip').getByTestId('context-token');
    await expect(chainTokens).toHaveCount(promptIds.length + greedy.length);

    await test.step('beam search, one beam', async () => {
      await page.getByTestId('decoding-select').selectOption('beam');
      await page.getByTestId('beams-input').fill('1');
      expect(await runStrategy(page)).toEqual(greedy);
      await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
      await expectQwenTokens(page, greedy);
      // The chain's strip is unchanged beside it: its tokens are its own.
      await expect(chainTokens).toHaveCount(promptIds.length + greedy.length);
    });

    await test.step('Jacobi decoding', async () => {
      await page.getByTestId('decoding-select').selectOption('jacobi');
      await page.getByTestId('window-input').fill('4');
      expect(await runStrategy(page)).toEqual(greedy);
      await expect(page.getByTestId('jacobi-same-as-greedy')).toHaveAttribute('data-exact', 'true');
      await expectQwenTokens(page, greedy);
    });

    await test.step('greedy speculative decoding with a Hub draft of the same tokenizer', async () => {
      await page.getByTestId('decoding-select').selectOption('speculative');
      // No usual draft is known for a Qwen model: the page asks for one, and takes a Hub id.
      await expect(page.getByTestId('draft-missing')).toBeVisible();
      await page.getByTestId('draft-hub-input').fill(DRAFT_REPO);
      await page.getByTestId('draft-hub-check-button').click();
      const checked = page.getByTestId('draft-hub-check');
      await expect(checked).toHaveAttribute('data-state', 'ok');
      await expect(checked).toHaveAttribute('data-model-id', DRAFT_ID);
      // Checked, not downloaded: the model file waits for the run.
      expect(draftLog).not.toContain('onnx/model.onnx');
      await page.getByTestId('draft-hub-use').click();
      await expect(page.getByTestId('draft-select')).toHaveValue(DRAFT_ID);
      await expect(page.getByTestId('draft-missing')).toHaveCount(0);
      await expect(page.getByTestId('draft-misfit')).toHaveCount(0);
      expect(await runStrategy(page)).toEqual(greedy);
      await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
      await expect(page.getByTestId('spec-round').first()).toBeVisible();
      await expectQwenTokens(page, greedy);
      // The draft's own files were read, its tokenizer among them.
      expect(draftLog).toEqual(
        expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model.onnx']),
      );
    });
  });
});
