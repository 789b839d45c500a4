import { MODEL_CACHE } from '../src/engine/modelFiles';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';
import { stepIds } from './timeline';
import { cliTokenIds } from './cli';

/**
 * The Hugging Face Hub path, offline. The Hub's URLs are answered by route interception the way
 * the real Hub answers them: `config.json` directly, the model file by a 302 to a CDN. The "CDN" is
 * a local server, because a fulfilled route delivers its body at once, and only a real socket can
 * stream the body slowly, hold it half-way or break off mid-download.
 */

const HUB = 'https://huggingface.co/Xenova/gpt2/resolve/main/';
const CACHE = MODEL_CACHE;
const PROMPT = 'Once upon a time';
const STEPS = 5;
const APP_URL = `/?model=Xenova%2Fgpt2%40hub&ep=wasm&steps=${STEPS}&autoplay=1`;

const CONFIG = readFileSync('public/models/tiny-gpt2/config.json');
const MODEL = readFileSync('public/models/tiny-gpt2/onnx/model.onnx');
const MODEL_MB = (MODEL.length / 1e6).toFixed(1);
/** Where a held or broken download stops: far enough for several progress reports (256 KiB). */
const PART = 5_000_000;

// The page is cross-origin isolated (COEP require-corp): cross-origin answers must opt in.
const CROSS_ORIGIN = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

type CdnMode = 'serve' | 'hold' | 'break';

/** The local CDN the Hub redirects model downloads to. */
class Cdn {
  mode: CdnMode = 'serve';
  requests = 0;
  private server: Server | null = null;
  private release: (() => void) | null = null;
  private held: Promise<void> = Promise.resolve();

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests++;
      res.writeHead(200, {
        ...CROSS_ORIGIN,
        'content-type': 'application/octet-stream',
        'content-length': `${MODEL.length}`,
      });
      if (this.mode === 'serve') return void res.end(MODEL);
      const mode = this.mode;
      res.write(MODEL.subarray(0, PART), () => {
        // A broken download: the announced length never arrives.
        if (mode === 'break') return void res.destroy();
        void this.held.then(() => res.end(MODEL.subarray(PART)));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/model.onnx`;
  }

  /** The next download stops after PART bytes until `resume()`. */
  hold(): void {
    this.mode = 'hold';
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  resume(): void {
    this.release?.();
  }

  async stop(): Promise<void> {
    this.resume();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

type HubMode = 'serve' | 'offline' | 'abort-model';

/** Routes the Hub's URLs for a browser context; `log` lists every request it saw. */
async function fakeHub(context: BrowserContext, cdn: Cdn) {
  const hub = { mode: 'serve' as HubMode, log: [] as string[] };
  // The download runs in the engine's dedicated worker; a context route covers every page and
  // worker of the context (page.route happens to reach dedicated workers too in Chromium).
  await context.route('https://huggingface.co/**', async (route: Route) => {
    const url = route.request().url();
    const file = url.startsWith(HUB) ? url.slice(HUB.length) : url;
    hub.log.push(file);
    const failing =
      hub.mode === 'offline' || (hub.mode === 'abort-model' && file !== 'config.json');
    if (failing) return route.abort('internetdisconnected');
    if (file === 'config.json') {
      return route.fulfill({
        status: 200,
        headers: { ...CROSS_ORIGIN, 'content-type': 'application/json' },
        body: CONFIG,
      });
    }
    if (file === 'onnx/model.onnx') {
      return route.fulfill({ status: 302, headers: { ...CROSS_ORIGIN, location: cdn.url } });
    }
    return route.fulfill({ status: 404, headers: CROSS_ORIGIN, body: 'Entry not found' });
  });
  return hub;
}

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
  let cdn: Cdn;

  test.beforeEach(async () => {
    cdn = new Cdn();
    await cdn.start();
  });

  test.afterEach(async () => {
    await cdn.stop();
  });

  test('downloads with visible progress, then generates the CLI tokens', async ({
    page,
    context,
  }) => {
    expect(expected).toHaveLength(STEPS);
    const hub = await fakeHub(context, cdn);
    cdn.hold();
    await page.goto(APP_URL);

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
    const hub = await fakeHub(context, cdn);
    await page.goto(APP_URL);
    await expectDone(page, expected);
    expect(cdn.requests).toBe(1);

    hub.mode = 'offline';
    hub.log.length = 0;
    await page.reload();
    await expectDone(page, expected);
    await expect(page.getByTestId('error-message')).toHaveCount(0);
    // Nothing was fetched: any Hub request would have failed, and the CDN saw no second download.
    expect(hub.log).toEqual([]);
    expect(cdn.requests).toBe(1);
    const entries = await cachedEntries(page);
    expect(entries[`${HUB}onnx/model.onnx`]).toBe(MODEL.length);
    expect(entries[`${HUB}config.json`]).toBe(CONFIG.length);
  });

  test('a broken download caches nothing of the model, shows an error, and can be retried', async ({
    page,
    context,
  }) => {
    test.slow(); // three load attempts
    const hub = await fakeHub(context, cdn);
    const error = page.getByTestId('error-message');
    const status = page.getByTestId('app-status');
    const modelUrl = `${HUB}onnx/model.onnx`;

    // 1. The Hub drops the model request.
    hub.mode = 'abort-model';
    await page.goto(APP_URL);
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
