import { MODEL_CACHE } from '../src/engine/modelFiles';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  agreeToDownload,
  cdnForEachTest,
  fakeHub,
  loadThenReloadOffline,
  PART,
  type HubRepo,
} from './fakeHub';
import { stepIds } from './timeline';
import { cliTokenIds } from './cli';

/**
 * The Hugging Face Hub path, offline: Xenova/gpt2's folder answered with tiny-gpt2's config and
 * model, the model by a 302 to a local CDN that can hold or break the download (see fakeHub).
 */

const HUB = 'https://huggingface.co/Xenova/gpt2/resolve/main/';
const CACHE = MODEL_CACHE;
const PROMPT = 'Once upon a time';
const STEPS = 5;
const APP_URL = `/?model=Xenova%2Fgpt2%40hub&ep=wasm&steps=${STEPS}&autoplay=1`;

const CONFIG = readFileSync('public/models/tiny-gpt2/config.json');
const MODEL = readFileSync('public/models/tiny-gpt2/onnx/model.onnx');
const MODEL_MB = (MODEL.length / 1e6).toFixed(1);
const REPO: HubRepo = { folder: HUB, config: CONFIG, large: 'onnx/model.onnx' };

/** URLs in the app's model cache, each with the byte count its entry holds. */
const cachedEntries = (page: Page): Promise<Record<string, number>> =>
  page.evaluate(async (name) => {
    const cache = await caches.open(name);
    const entries: Record<string, number> = {};
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      entries[request.url] = response ? (await response.arrayBuffer()).byteLength : -1;
    }
    return entries;
  }, CACHE);

async function expectDone(page: Page, expected: number[]): Promise<void> {
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  await expect(page.getByTestId('timeline-step')).toHaveCount(STEPS);
  expect(await stepIds(page)).toEqual(expected);
}

test.describe('GPT-2 from the Hugging Face Hub', () => {
  const expected = cliTokenIds(PROMPT, STEPS);
  const cdn = cdnForEachTest(MODEL, 'model.onnx');

  test('downloads with visible progress, then generates the CLI tokens', async ({
    page,
    context,
  }) => {
    expect(expected).toHaveLength(STEPS);
    const hub = await fakeHub(context, cdn, REPO);
    cdn.hold();
    await page.goto(APP_URL);
    // The link names a download: it waits for the user's click, having fetched nothing.
    await expect(page.getByTestId('link-download-offer')).toBeVisible();
    expect(cdn.requests).toBe(0);
    expect(hub.log).toEqual([]);
    await agreeToDownload(page);

    // The id in the link was accepted: no "ignored parameter" notice.
    await expect(page.getByTestId('model-select')).toHaveValue('Xenova/gpt2@hub');
    await expect(page.getByTestId('notice')).toHaveCount(0);

    // Held half-way: the progress shows the file, bytes out of the total and a percentage.
    const progress = page.getByTestId('load-progress');
    await expect(progress).toHaveAttribute('data-phase', 'download');
    await expect(progress).toContainText(
      new RegExp(`Downloading onnx/model\\.onnx — [\\d.]+ MB / ${MODEL_MB} MB \\((\\d+)%\\)`),
    );
    const label = (await progress.textContent()) ?? '';
    const percent = Number(/\((\d+)%\)/.exec(label)?.[1]);
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThanOrEqual(Math.ceil((100 * PART) / MODEL.length));
    const fraction = Number(await page.getByTestId('load-progress-bar').getAttribute('value'));
    expect(fraction).toBeGreaterThan(0);
    expect(fraction).toBeLessThan(1);
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'loading');

    cdn.resume();
    await expectDone(page, expected);
    await expect(progress).toHaveCount(0);
    expect(hub.log).toEqual(['config.json', 'onnx/model.onnx']);
    expect(cdn.requests).toBe(1);
    expect(await cachedEntries(page)).toEqual({
      [`${HUB}config.json`]: CONFIG.length,
      [`${HUB}onnx/model.onnx`]: MODEL.length,
    });
  });

  test('a reload with the Hub unreachable loads the model from Cache Storage', async ({
    page,
    context,
  }) => {
    test.slow(); // two full loads and runs
    const hub = await fakeHub(context, cdn, REPO);
    await loadThenReloadOffline(page, APP_URL, hub, cdn, () => expectDone(page, expected));
    const entries = await cachedEntries(page);
    expect(entries[`${HUB}onnx/model.onnx`]).toBe(MODEL.length);
    expect(entries[`${HUB}config.json`]).toBe(CONFIG.length);
  });

  test('a broken download caches nothing of the model, shows an error, and can be retried', async ({
    page,
    context,
  }) => {
    test.slow(); // three load attempts
    const hub = await fakeHub(context, cdn, REPO);
    const error = page.getByTestId('error-message');
    const status = page.getByTestId('app-status');
    const modelUrl = `${HUB}onnx/model.onnx`;

    // 1. The Hub drops the model request.
    hub.mode = 'abort-model';
    await page.goto(APP_URL);
    await agreeToDownload(page);
    await expect(error).toBeVisible();
    await expect(error).toHaveAttribute('data-code', 'network');
    await expect(status).toHaveAttribute('data-state', 'error');
    expect(await cachedEntries(page)).not.toHaveProperty(modelUrl);
    expect(cdn.requests).toBe(0);

    // 2. The download starts, then the connection dies before the announced length arrived.
    hub.mode = 'serve';
    cdn.mode = 'break';
    await page.getByTestId('generate-button').click();
    await expect(error).toBeVisible();
    await expect(error).toHaveAttribute('data-code', 'network');
    await expect(error).toContainText('onnx/model.onnx');
    await expect(status).toHaveAttribute('data-state', 'error');
    await expect(page.getByTestId('timeline-step')).toHaveCount(0);
    expect(cdn.requests).toBe(1);
    expect(await cachedEntries(page)).not.toHaveProperty(modelUrl);

    // 3. The network is back: the same page downloads the model and generates.
    cdn.mode = 'serve';
    await expect(page.getByTestId('generate-button')).toBeEnabled();
    await page.getByTestId('generate-button').click();
    await expectDone(page, expected);
    await expect(error).toHaveCount(0);
    expect(cdn.requests).toBe(2);
    expect((await cachedEntries(page))[modelUrl]).toBe(MODEL.length);
  });
});
