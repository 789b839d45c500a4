import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { cdnForEachTest, fakeHub, type Cdn } from './fakeHub';

/**
 * A Hugging Face model id typed by the user: checked through the Hub's model API and config.json
 * (answered here by route interception), offered with its size, downloaded only on a click.
 * Xenova/distilgpt2's folder is answered with tiny-gpt2's files.
 */

const CONFIG = readFileSync('public/models/tiny-gpt2/config.json');
const MODEL = readFileSync('public/models/tiny-gpt2/onnx/model.onnx');
const REPO = 'Xenova/distilgpt2';

const CROSS_ORIGIN = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

/** The Hub's model API (`/api/models/<repo>?blobs=true`) for a few repos; any other is unknown. */
async function fakeModelApi(context: BrowserContext): Promise<string[]> {
  const asked: string[] = [];
  const configs: Record<string, object> = {
    'google-bert/bert-base-uncased': { model_type: 'bert', architectures: ['BertForMaskedLM'] },
  };
  const files: Record<string, Record<string, number>> = {
    [REPO]: { 'config.json': CONFIG.length, 'onnx/model.onnx': MODEL.length },
    'google-bert/bert-base-uncased': { 'onnx/model.onnx': 440e6 },
  };
  await context.route('https://huggingface.co/api/models/**', (route) => {
    const url = new URL(route.request().url());
    const repo = url.pathname.replace('/api/models/', '');
    asked.push(repo);
    if (!files[repo]) {
      return route.fulfill({ status: 401, headers: CROSS_ORIGIN, json: { error: 'not found' } });
    }
    const siblings = Object.entries(files[repo]).map(([rfilename, size]) => ({ rfilename, size }));
    return route.fulfill({ headers: CROSS_ORIGIN, json: { gated: false, siblings } });
  });
  await context.route('https://huggingface.co/google-bert/**', (route) =>
    route.fulfill({ headers: CROSS_ORIGIN, json: configs['google-bert/bert-base-uncased'] }),
  );
  return asked;
}

/**
 * REPO's files on the fake Hub (its model through the local CDN) and the model API: `hub.log`
 * lists the files asked for, `asked` the repos the API was asked about.
 */
async function serveRepo(context: BrowserContext, cdn: Cdn) {
  const hub = await fakeHub(context, cdn, {
    folder: `https://huggingface.co/${REPO}/resolve/main/`,
    config: CONFIG,
    large: 'onnx/model.onnx',
  });
  return { hub, asked: await fakeModelApi(context) };
}

async function checkId(page: Page, id: string): Promise<void> {
  const other = page.getByTestId('model-other');
  if ((await other.getAttribute('open')) === null) await other.locator('summary').click();
  await page.getByTestId('model-id-input').fill(id);
  await page.getByTestId('model-check-button').click();
}

test.describe('a model by its Hugging Face id', () => {
  const cdn = cdnForEachTest(MODEL, 'model.onnx');

  test('is checked, offered with its size, downloaded only on a click, then generates', async ({
    page,
    context,
  }) => {
    const { hub, asked } = await serveRepo(context, cdn);
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=3&lang=en');
    await expect(page.getByTestId('generate-button')).toBeEnabled();
    await page.getByTestId('model-other').locator('summary').click();
    await page.locator(`[data-testid=model-catalogue-item][data-repo="${REPO}"]`).click();

    const result = page.getByTestId('model-check');
    await expect(result).toHaveAttribute('data-state', 'ok');
    await expect(result).toHaveAttribute('data-model-id', `${REPO}@hub`);
    await expect(result).toContainText('GPT-2 family, 2 layers');
    // Nothing measured in this browser: the bench's step scaled by the parameters (hubSpeed.ts).
    const estimate = Number(await page.getByTestId('model-check-speed').getAttribute('data-ms'));
    expect(estimate).toBeGreaterThan(0);
    expect(estimate).toBeLessThan(17.4); // tiny-gpt2 is far smaller than GPT-2 small
    const megabytes = `${Math.round((MODEL.length + CONFIG.length) / 1e6)} MB`;
    await expect(page.getByTestId('model-check-use')).toHaveText(
      `Download ${megabytes} and use it`,
    );
    // The check read the API and config.json: the model file was not asked for.
    expect(asked).toEqual([REPO]);
    expect(hub.log).toEqual(['config.json']);
    expect(cdn.requests).toBe(0);

    await page.getByTestId('model-check-use').click();
    await expect(page.getByTestId('model-select')).toHaveValue(`${REPO}@hub`, {
      timeout: 60_000,
    });
    expect(cdn.requests).toBe(1);
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('timeline-step')).toHaveCount(3);
  });

  test('estimates the speed from the user’s own run once this browser has measured one', async ({
    page,
    context,
  }) => {
    await serveRepo(context, cdn);
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=6&strategy=greedy&lang=en');
    await expect(page.getByTestId('generate-button')).toBeEnabled();
    const item = page.locator(`[data-testid=model-catalogue-item][data-repo="${REPO}"]`);
    await page.getByTestId('model-other').locator('summary').click();
    await item.click();
    // Nothing measured here yet (tiny-gpt2 is too small to scale from): the reference machine's.
    const speed = page.getByTestId('model-check-speed');
    await expect(speed).toHaveAttribute('data-basis', 'reference');
    await expect(speed).toContainText('on the reference machine');
    await expect(speed).toContainText('not this device');

    await page.getByTestId('model-check-use').click();
    await expect(page.getByTestId('model-select')).toHaveValue(`${REPO}@hub`, {
      timeout: 60_000,
    });
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 60_000,
    });

    // Checked again: the run just made on WASM is the basis (this fake distilgpt2 is tiny-gpt2's
    // file, so its steps are fast), named with its model, backend and time a step.
    const other = page.getByTestId('model-other');
    if ((await other.getAttribute('open')) === null) await other.locator('summary').click();
    await item.click();
    await expect(speed).toHaveAttribute('data-basis', 'measured');
    await expect(speed).toHaveAttribute('data-backend', 'wasm');
    await expect(speed).toHaveAttribute('data-run-id', /^run-/);
    await expect(speed).toContainText(`your run of ${REPO}@hub`);
    await expect(speed).toContainText('median of 5 steps');
    // The run counts as the catalogue's 82 M parameters; the check recounts this file's (tiny-gpt2's
    // config, far fewer): the estimate is the measured step scaled down by that ratio.
    const measured = Number(await speed.getAttribute('data-measured-ms'));
    expect(measured).toBeGreaterThan(0);
    expect(Number(await speed.getAttribute('data-ms'))).toBeLessThan(measured);
  });

  test('refuses an encoder and an unknown repo with the reason, downloading nothing', async ({
    page,
    context,
  }) => {
    const { hub } = await serveRepo(context, cdn);
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=3&lang=zh-CN');
    await expect(page.getByTestId('generate-button')).toBeEnabled();
    const result = page.getByTestId('model-check');

    await checkId(page, 'google-bert/bert-base-uncased');
    await expect(result).toHaveAttribute('data-state', 'refused');
    await expect(result).toHaveAttribute('data-reason', 'encoder');
    await expect(result).toContainText('编码器模型（BertForMaskedLM）');

    await checkId(page, 'nobody/no-such-model');
    await expect(result).toHaveAttribute('data-reason', 'not_found');
    await checkId(page, 'gpt2');
    await expect(result).toHaveAttribute('data-reason', 'bad_id');

    await expect(page.getByTestId('model-check-use')).toHaveCount(0);
    expect(cdn.requests).toBe(0);
    expect(hub.log).toEqual([]);
    // The model at hand still generates.
    await expect(page.getByTestId('model-select')).toHaveValue('tiny-gpt2');
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done');
  });

  test('a link with a catalogue id and autoplay=1 checks it, waits for a click, then runs', async ({
    page,
    context,
  }) => {
    const { hub } = await serveRepo(context, cdn);
    // distilgpt2 by its catalogue id: the same check as its Hub id, Xenova/distilgpt2.
    await page.goto('/?model=distilgpt2&ep=wasm&steps=2&autoplay=1&lang=en');
    await expect(page.getByTestId('model-check')).toHaveAttribute('data-state', 'ok');
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await expect(page.getByTestId('model-select')).toHaveValue('tiny-gpt2');
    expect(cdn.requests).toBe(0);
    expect(hub.log).toEqual(['config.json']);
    await page.getByTestId('model-check-use').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('model-select')).toHaveValue(`${REPO}@hub`);
    await expect(page.getByTestId('timeline-step')).toHaveCount(2);
    expect(cdn.requests).toBe(1);
  });
});
