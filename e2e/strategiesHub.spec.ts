import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';
import { agreeToDownload, cdnForEachTest, fakeHub, type HubRepo } from './fakeHub';
import { runStrategy } from './strategyRun';
import { stepIds } from './timeline';

/**
 * Beam search, Jacobi and speculative decoding on a model loaded through the Hugging Face Hub path,
 * offline: Xenova/gpt2's folder answered with tiny-gpt2's config and Hub-interface file
 * (`onnx/model.onnx`), as in hub.spec.ts. Its usual draft, Xenova/distilgpt2 from the Hub, is
 * answered with tiny-gpt2-draft's (the same vocabulary). Each strategy's tokens are checked against
 * the chain's greedy run on the same page and model.
 */

const PROMPT = 'Once upon a time';
const STEPS = 8;
const TARGET = 'Xenova/gpt2@hub';
const DRAFT = 'Xenova/distilgpt2@hub';

const hubRepo = (repo: string, folder: string): HubRepo => ({
  folder: `https://huggingface.co/${repo}/resolve/main/`,
  config: readFileSync(`public/models/${folder}/config.json`),
  large: 'onnx/model.onnx',
});
const TARGET_REPO = hubRepo('Xenova/gpt2', 'tiny-gpt2');
const DRAFT_REPO = hubRepo('Xenova/distilgpt2', 'tiny-gpt2-draft');
const TARGET_FILE = readFileSync('public/models/tiny-gpt2/onnx/model.onnx');
const DRAFT_FILE = readFileSync('public/models/tiny-gpt2-draft/onnx/model.onnx');

// The page is cross-origin isolated: the fake Hub's answers opt in to cross-origin use.
const CROSS_ORIGIN = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

/**
 * The draft's Hub folder, answered as fakeHub answers the target's (config directly, the model by a
 * 302 to `cdnUrl`); registered after the target's route, so asked first, it hands every other URL
 * on to that route. The files asked for, in order.
 */
async function draftRoute(context: BrowserContext, cdnUrl: string): Promise<string[]> {
  const log: string[] = [];
  await context.route('https://huggingface.co/**', async (route: Route) => {
    const url = route.request().url();
    if (!url.startsWith(DRAFT_REPO.folder)) return route.fallback();
    const file = url.slice(DRAFT_REPO.folder.length);
    log.push(file);
    if (file === 'config.json') {
      const headers = { ...CROSS_ORIGIN, 'content-type': 'application/json' };
      return route.fulfill({ status: 200, headers, body: Buffer.from(DRAFT_REPO.config) });
    }
    if (file === DRAFT_REPO.large) {
      return route.fulfill({ status: 302, headers: { ...CROSS_ORIGIN, location: cdnUrl } });
    }
    return route.fulfill({ status: 404, headers: CROSS_ORIGIN, body: 'Entry not found' });
  });
  return log;
}

/** Opens the page on the Hub model and makes the chain's greedy run; its tokens. */
async function greedyChain(page: Page, params: Record<string, string> = {}): Promise<number[]> {
  const query = new URLSearchParams({
    model: TARGET,
    prompt: PROMPT,
    steps: `${STEPS}`,
    strategy: 'greedy',
    ep: 'wasm',
    lang: 'en',
    autoplay: '1',
    ...params,
  });
  await page.goto(`/?${query}`);
  await agreeToDownload(page);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('timeline-step')).toHaveCount(STEPS);
  return stepIds(page);
}

/** Chooses `decoding` in the settings form, runs it and waits for its end; its tokens. */
async function runDecoding(page: Page, decoding: string): Promise<number[]> {
  await page.getByTestId('decoding-select').selectOption(decoding);
  return runStrategy(page);
}

test.describe('strategies on a model from the Hugging Face Hub', () => {
  const cdn = cdnForEachTest(TARGET_FILE, 'model.onnx');
  const draftCdn = cdnForEachTest(DRAFT_FILE, 'draft.onnx');

  test('beam search with one beam and Jacobi give the chain’s greedy tokens', async ({
    page,
    context,
  }) => {
    const hub = await fakeHub(context, cdn, TARGET_REPO);
    const greedy = await greedyChain(page);
    expect(greedy).toHaveLength(STEPS);
    expect(hub.log).toEqual(['config.json', 'onnx/model.onnx']);

    await test.step('beam search, one beam', async () => {
      await page.getByTestId('decoding-select').selectOption('beam');
      await page.getByTestId('beams-input').fill('1');
      expect(await runDecoding(page, 'beam')).toEqual(greedy);
      await expect(page.getByTestId('beam-step')).toHaveCount(STEPS);
      await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
    });

    await test.step('beam search, three beams: the Hub file runs them in one pass a step', async () => {
      await page.getByTestId('beams-input').fill('3');
      const best = await runDecoding(page, 'beam');
      expect(best).toHaveLength(STEPS);
      // The Hub-interface file's batch axis is free: the three beams' caches are stacked along
      // it, and each step runs the model once for all of them.
      await expect(page.getByTestId('beam-batched')).toHaveAttribute('data-batched', 'yes');
      await expect(page.getByTestId('beam-batched')).toContainText('in one model pass');
      // The prefill, then one pass for the three beams at every later step.
      await expect(page.getByTestId('beam-step')).toHaveCount(STEPS);
      await expect(page.getByTestId('strategy-compare')).toHaveAttribute(
        'data-passes',
        `${1 + (STEPS - 1)}`,
      );
    });

    await test.step('Jacobi decoding', async () => {
      await page.getByTestId('decoding-select').selectOption('jacobi');
      await page.getByTestId('window-input').fill('4');
      expect(await runDecoding(page, 'jacobi')).toEqual(greedy);
      await expect(page.getByTestId('jacobi-same-as-greedy')).toHaveAttribute('data-exact', 'true');
      await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
    });
    // Nothing was fetched but the model's config and file, once.
    expect(hub.log).toEqual(['config.json', 'onnx/model.onnx']);
    expect(cdn.requests).toBe(1);
  });

  test('greedy speculative decoding with the Hub draft gives the chain’s greedy tokens', async ({
    page,
    context,
  }) => {
    const hub = await fakeHub(context, cdn, TARGET_REPO);
    const draftLog = await draftRoute(context, draftCdn.url);
    const greedy = await greedyChain(page, { k: '3' });
    await page.getByTestId('decoding-select').selectOption('speculative');
    // The Hub model's usual draft: distilgpt2 from the Hub, with GPT-2's vocabulary.
    await expect(page.getByTestId('draft-select')).toHaveValue('');
    await expect(page.getByTestId('draft-select')).toContainText(DRAFT);
    await expect(page.getByTestId('draft-missing')).toHaveCount(0);
    expect(await runDecoding(page, 'speculative')).toEqual(greedy);
    const rounds = await page.getByTestId('spec-round').count();
    expect(rounds).toBeGreaterThan(0);
    await expect(page.getByTestId('model-passes')).toHaveAttribute('data-value', `${rounds + 1}`);
    await expect(page.getByTestId('strategy-compare')).toHaveAttribute('data-same-tokens', 'yes');
    expect(hub.log).toEqual(['config.json', 'onnx/model.onnx']);
    expect(draftLog).toEqual(['config.json', 'onnx/model.onnx']);
    expect(draftCdn.requests).toBe(1);
  });
  test('a Hub model with no known draft gets none, and the page asks for one', async ({
    page,
    context,
  }) => {
    // Nothing is downloaded: any Hub request fails.
    const asked: string[] = [];
    await context.route('https://huggingface.co/**', (route: Route) => {
      asked.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    const query = new URLSearchParams({
      model: 'HuggingFaceTB/SmolLM2-135M@hub',
      strategy: 'speculative',
      lang: 'en',
    });
    await page.goto(`/?${query}`);
    // Not GPT-2: distilgpt2 (GPT-2's usual draft) is not proposed in its place.
    const select = page.getByTestId('draft-select');
    await expect(select).toHaveValue('');
    await expect(select.locator('option').first()).not.toContainText('distilgpt2');
    const missing = page.getByTestId('draft-missing');
    await expect(missing).toContainText('No draft model is known');
    await expect(missing).toContainText('“Draft model” field');
    await expect(page.getByTestId('strategy-run')).toBeDisabled();
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(missing).toContainText('“草稿模型”一栏');
    // Choosing one lets it run.
    await select.selectOption('tiny-gpt2-draft');
    await expect(missing).toHaveCount(0);
    await expect(page.getByTestId('strategy-run')).toBeEnabled();
    expect(asked).toEqual([]);
  });
});
