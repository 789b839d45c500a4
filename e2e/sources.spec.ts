import { MODEL_CACHE } from '../src/engine/modelFiles';
import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';
import { cliTokenIds } from './cli';
import { stepIds } from './timeline';

/**
 * Where the Hub cannot be reached: GPT-2 from a Hub mirror, from a teacher's server, from files
 * the user picks, and a download that fails without breaking the app. Every source is answered by
 * route interception with the tiny model under the source's own URLs (as e2e/hub.spec.ts does
 * for the Hub), so the tokens must be the CLI's tokens of the tiny model.
 */

const HUB = 'https://huggingface.co/Xenova/gpt2/resolve/main/';
const MIRROR = 'https://hf-mirror.com/Xenova/gpt2/resolve/main/';
const Q8 = 'Xenova/gpt2@hub:q8';
const Q8_FILE = 'onnx/model_quantized.onnx';
const CACHE = MODEL_CACHE;
const PROMPT = 'Once upon a time';
const STEPS = 4;
const APP_URL = `/?ep=wasm&steps=${STEPS}`;

const TINY = 'public/models/tiny-gpt2/';
const CONFIG = readFileSync(`${TINY}config.json`);
const MODEL = readFileSync(`${TINY}onnx/model.onnx`);

// The page is cross-origin isolated (COEP require-corp): cross-origin answers must opt in.
const CROSS_ORIGIN = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

/**
 * Answers `base` + config.json and the 8-bit file with the tiny model; every other file is a 404.
 * Returns the files asked for, in order.
 */
async function serveModel(context: BrowserContext, base: string): Promise<string[]> {
  const log: string[] = [];
  await context.route(`${base}**`, (route: Route) => {
    const file = route.request().url().slice(base.length);
    log.push(file);
    const body = file === 'config.json' ? CONFIG : file === Q8_FILE ? MODEL : null;
    if (!body) return route.fulfill({ status: 404, headers: CROSS_ORIGIN, body: 'not found' });
    const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return route.fulfill({ status: 200, headers: { ...CROSS_ORIGIN, 'content-type': type }, body });
  });
  return log;
}

/** The Hub, blocked: every request to it fails as a blocked network would. Returns the log. */
async function blockHub(context: BrowserContext): Promise<string[]> {
  const log: string[] = [];
  await context.route('https://huggingface.co/**', (route) => {
    log.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  return log;
}

const cachedUrls = (page: Page): Promise<string[]> =>
  page.evaluate(async (name) => {
    const keys = await (await caches.open(name)).keys();
    return keys.map((request) => request.url).sort();
  }, CACHE);

/** The app saves its settings at most once a second: a reload right after a change may miss it. */
const saved = (page: Page): Promise<void> => page.waitForTimeout(1500);

async function generateDone(page: Page, steps = STEPS): Promise<void> {
  await page.getByTestId('generate-button').click();
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', `${steps}`);
}

test.describe('model sources where the Hub cannot be reached', () => {
  const expected = cliTokenIds(PROMPT, STEPS);

  test('downloads GPT-2 through the mirror a shared link names', async ({ page, context }) => {
    const hub = await blockHub(context);
    const mirror = await serveModel(context, MIRROR);
    await page.goto(`${APP_URL}&source=mirror`);

    const offer = page.getByTestId('download-offer');
    await expect(offer).toBeVisible();
    await expect(page.getByTestId('model-source-select')).toHaveValue('mirror');
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await page.getByTestId('download-gpt2-button').click();
    await expect(page.getByTestId('model-select')).toHaveValue(Q8, { timeout: 60_000 });
    await expect(offer).toHaveCount(0);

    await generateDone(page);
    expect(await stepIds(page)).toEqual(expected);
    expect(mirror).toEqual(['config.json', Q8_FILE]);
    expect(hub).toEqual([]);
    // Filed under the Hub's URLs: the same files, found again whatever the source.
    expect(await cachedUrls(page)).toEqual([`${HUB}config.json`, `${HUB}${Q8_FILE}`]);
  });

  test('downloads GPT-2 from a teacher’s server, a choice kept across reloads', async ({
    page,
    context,
  }) => {
    await blockHub(context);
    await page.goto(APP_URL);
    const origin = new URL(page.url()).origin;
    const server = await serveModel(context, `${origin}/classroom/models/gpt2/`);

    const select = page.getByTestId('model-source-select');
    await select.selectOption('server');
    const address = page.getByTestId('model-source-url');
    // An address this site was not built to download from is refused, naming what it allows.
    await address.fill('http://192.168.1.10:4173/');
    await page.getByTestId('model-source-apply').click();
    await expect(page.getByTestId('model-source-error')).toContainText(origin);
    await expect(page.getByTestId('model-source')).toHaveAttribute('data-source', 'hub');
    await address.fill(`${origin}/classroom`);
    await address.press('Enter');
    await expect(page.getByTestId('model-source-error')).toHaveCount(0);
    await expect(page.getByTestId('model-source')).toHaveAttribute('data-source', 'server');

    await saved(page);
    await page.reload();
    await expect(select).toHaveValue('server');
    await expect(address).toHaveValue(`${origin}/classroom/`);
    await page.getByTestId('download-gpt2-button').click();
    await expect(page.getByTestId('model-select')).toHaveValue(Q8, { timeout: 60_000 });
    await generateDone(page);
    expect(await stepIds(page)).toEqual(expected);
    expect(server).toEqual(['config.json', Q8_FILE]);
  });

  test('loads a model from picked files; a bad file keeps the model that works', async ({
    page,
  }) => {
    await page.goto(APP_URL);
    const input = page.getByTestId('model-files-input');
    const error = page.getByTestId('error-message');

    // A config.json where the ONNX file should be.
    await input.setInputFiles([
      { name: 'config.json', mimeType: 'application/json', buffer: CONFIG },
      { name: 'model.onnx', mimeType: 'application/octet-stream', buffer: CONFIG },
    ]);
    await expect(error).toHaveAttribute('data-code', 'model_damaged');
    await expect(error).toContainText('not an ONNX model');
    await expect(page.getByTestId('model-select')).toHaveValue('tiny-gpt2');
    await page.getByRole('button', { name: 'Dismiss' }).click();

    await input.setInputFiles([`${TINY}config.json`, `${TINY}onnx/model.onnx`]);
    await expect(page.getByTestId('model-select')).toHaveValue('model-2x64@files', {
      timeout: 60_000,
    });
    await expect(error).toHaveCount(0);
    await generateDone(page);
    expect(await stepIds(page)).toEqual(expected);

    // Stored like a download: a reload finds the model in the list and runs it again.
    await saved(page);
    await page.reload();
    await expect(page.getByTestId('model-select')).toHaveValue('model-2x64@files');
    await generateDone(page);
    await expect(page.getByTestId('run-item')).toHaveCount(2);
  });

  test('a failed download leaves the previous model selected, working after a reload', async ({
    page,
    context,
  }) => {
    const hub = await blockHub(context);
    await page.goto(APP_URL);
    await page.getByTestId('download-gpt2-button').click();

    const error = page.getByTestId('error-message');
    await expect(error).toHaveAttribute('data-code', 'network');
    await expect(error).toContainText('tiny-gpt2 stays selected');
    await expect(error).toContainText('mirror');
    await expect(error).toContainText('USB stick');
    expect(hub.length).toBeGreaterThan(0);
    await expect(page.getByTestId('model-select')).toHaveValue('tiny-gpt2');
    await expect(page.getByTestId('download-offer')).toBeVisible();
    await expect(page.getByTestId('download-gpt2-button')).toBeEnabled();
    await expect(page.getByTestId('run-item')).toHaveCount(0);

    await page.reload();
    await expect(page.getByTestId('model-select')).toHaveValue('tiny-gpt2');
    await expect(page.getByTestId('download-offer')).toBeVisible();
    await generateDone(page);
    await expect(page.getByTestId('run-item')).toHaveCount(1);
  });

  test('a Generate whose download fails leaves no empty run', async ({ page, context }) => {
    await blockHub(context);
    await page.goto(`${APP_URL}&model=${encodeURIComponent('Xenova/gpt2@hub')}`);
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('error-message')).toHaveAttribute('data-code', 'network');
    await expect(page.getByTestId('run-item')).toHaveCount(0);
    // The download's source can be changed right there.
    await expect(page.getByTestId('download-source')).toBeVisible();
  });
});
