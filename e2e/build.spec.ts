import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { appFileBytes, BUILT_FILES } from '../src/engine/build/appFiles';
import { builtModel } from '../src/engine/modelCatalog';
import { MODEL_CACHE } from '../src/engine/modelFiles';
import { tinyCheckpoint } from '../src/engine/testing/tinyCheckpoint';
import { cliTokenIds } from './cli';
import {
  agreeToDownload,
  cdnForEachTest,
  fakeHub,
  loadThenReloadOffline,
  type HubRepo,
} from './fakeHub';
import { stepIds } from './timeline';

/**
 * GPT-2 built in the browser from its original weights, offline. The Hub's folder of
 * openai-community/gpt2 is answered by route interception with tiny-gpt2's weights as a GPT-2
 * checkpoint (config.json, and model.safetensors by a 302 to a local "CDN", as the Hub redirects
 * large files): the build then makes the files `npm run models:tiny` makes, and the page runs
 * tiny-gpt2's tokens on them. The CDN is a real socket, so a download can be held or broken off.
 */

const HUB = 'https://huggingface.co/openai-community/gpt2/resolve/main/';
const BUILT = builtModel('openai-community/gpt2');
const PROMPT = 'Once upon a time';
const STEPS = 5;
const APP_URL = `/?model=openai-community%2Fgpt2%40built&ep=wasm&strategy=greedy&prompt=${encodeURIComponent(PROMPT)}&steps=${STEPS}&autoplay=1`;

const CHECKPOINT = tinyCheckpoint();
const CONFIG = CHECKPOINT.files['config.json'];
const WEIGHTS = CHECKPOINT.files['model.safetensors'];
const WEIGHTS_MB = (WEIGHTS.length / 1e6).toFixed(1);
const REPO: HubRepo = { folder: HUB, config: CONFIG, large: 'model.safetensors' };

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** URLs in the app's model cache, each with the SHA-256 of the bytes its entry holds. */
const cachedHashes = (page: Page): Promise<Record<string, string>> =>
  page.evaluate(async (name) => {
    const cache = await caches.open(name);
    const hashes: Record<string, string> = {};
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      if (!response) continue;
      const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
      hashes[request.url] = Array.from(new Uint8Array(digest), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('');
    }
    return hashes;
  }, MODEL_CACHE);

/**
 * Records every state the load progress shows (phase, text, bar value), from the first paint on:
 * a build of tiny-gpt2's files takes a moment, too short to catch by polling.
 */
async function recordProgress(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { phase: string; text: string; value: string | null }[] = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    const note = () => {
      const element = document.querySelector('[data-testid=load-progress]');
      if (!element) return;
      const state = {
        phase: element.getAttribute('data-phase') ?? '',
        text: element.textContent ?? '',
        value: element.querySelector('progress')?.getAttribute('value') ?? null,
      };
      const last = seen.at(-1);
      if (last?.text !== state.text || last.value !== state.value) seen.push(state);
    };
    new MutationObserver(note).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
}

const progressSeen = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { progressSeen: { phase: string; text: string; value: string }[] })
        .progressSeen,
  );

async function expectDone(page: Page, expected: number[]): Promise<void> {
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-steps', String(expected.length));
  expect(await stepIds(page)).toEqual(expected);
}

test.describe('GPT-2 built in the browser from the original weights', () => {
  const expected = cliTokenIds(PROMPT, STEPS);
  const cdn = cdnForEachTest(WEIGHTS, 'model.safetensors');

  test('downloads the weights, builds each file with progress, generates, and every inside view works', async ({
    page,
    context,
  }) => {
    test.slow(); // a build, a run and three inside views
    const hub = await fakeHub(context, cdn, REPO);
    await recordProgress(page);
    cdn.hold();
    await page.goto(APP_URL);
    await agreeToDownload(page);
    await expect(page.getByTestId('model-select')).toHaveValue(BUILT.id);
    await expect(page.getByTestId('notice')).toHaveCount(0);

    // Held half-way: the weights' download shows its bytes out of the total.
    const progress = page.getByTestId('load-progress');
    await expect(progress).toHaveAttribute('data-phase', 'download');
    await expect(progress).toContainText(
      new RegExp(`Downloading model\\.safetensors — [\\d.]+ MB / ${WEIGHTS_MB} MB \\((\\d+)%\\)`),
    );
    cdn.resume();
    await expectDone(page, expected);
    expect(hub.log).toEqual(['config.json', 'model.safetensors']);

    // Each file was announced with its place in the build and a determinate bar.
    const builds = (await progressSeen(page)).filter((p) => p.phase === 'build');
    const announced = BUILT_FILES.map((file, i) => `Building ${file} (${i + 1} of 3)…`);
    for (const [i, text] of announced.entries()) {
      const shown = builds.find((p) => p.text === text);
      expect(shown, text).toBeDefined();
      expect(Number(shown!.value)).toBeCloseTo(i / 3, 5);
    }

    // The prefill: its block, and the prediction after every prompt token.
    const block = page.getByTestId('prefill-block');
    await expect(block).toHaveAttribute('data-tokens', '4');
    await block.click();
    await expect(page.getByTestId('kv-cache')).toHaveAttribute('data-rows', '4');
    await page.getByTestId('inspect-button').click();
    const panel = page.getByTestId('inspect-panel');
    await expect(panel.getByTestId('inspect-missing')).toHaveCount(0);
    const rows = panel.getByTestId('prefill-prediction');
    await expect(rows).toHaveCount(4, { timeout: 30_000 });
    await expect(rows.last()).toHaveAttribute('data-token-id', String(expected[0]));

    // Step 3: the KV cache's shape (tiny-gpt2's), the mask, attention and the logit lens.
    await page.locator('[data-testid=timeline-step][data-step="3"]').click();
    const cache = page.getByTestId('kv-cache');
    await expect(cache).toHaveAttribute('data-rows', '6');
    await expect(cache).toHaveAttribute('data-layers', '2');
    await expect(cache).toHaveAttribute('data-heads', '4');
    await expect(cache).toHaveAttribute('data-head-dim', '16');
    await expect(cache).toHaveAttribute('data-bytes', String(2 * 2 * 6 * 4 * 16 * 4));
    await page.getByTestId('inspect-button').click();
    await expect(panel.getByTestId('mask-grid')).toHaveAttribute('data-size', '6', {
      timeout: 30_000,
    });
    const weights = await panel
      .getByTestId('attention-weight')
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-weight'))));
    expect(weights).toHaveLength(6);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const lens = panel.getByTestId('lens-layer');
    await expect(lens).toHaveCount(2);
    // The last layer's lens is the model's own prediction: the token step 3 chose.
    await expect(lens.last()).toHaveAttribute('data-token-id', String(expected[2]));
  });

  test('the files built in the browser equal, byte for byte, those the Node writer makes', async ({
    page,
    context,
  }) => {
    await fakeHub(context, cdn, REPO);
    await page.goto(APP_URL);
    await agreeToDownload(page);
    await expectDone(page, expected);
    const hashes = await cachedHashes(page);
    for (const file of BUILT_FILES) {
      const node = sha256(appFileBytes(file, CHECKPOINT.shape, CHECKPOINT.weights));
      expect(hashes[`${BUILT.baseUrl}${file}`], file).toBe(node);
    }
    expect(hashes[`${BUILT.baseUrl}config.json`]).toBe(sha256(CONFIG));
  });

  test('a reload with the Hub unreachable loads the built model from the cache; the weights are gone', async ({
    page,
    context,
  }) => {
    test.slow(); // two loads and runs
    const hub = await fakeHub(context, cdn, REPO);
    await loadThenReloadOffline(page, APP_URL, hub, cdn, () => expectDone(page, expected));
    const urls = Object.keys(await cachedHashes(page));
    expect(urls).not.toContain(`${HUB}model.safetensors`);
    for (const file of [...BUILT_FILES, 'config.json'])
      expect(urls).toContain(`${BUILT.baseUrl}${file}`);
  });

  test('builds from the mirror a shared link names, filing the weights under the Hub’s URLs', async ({
    page,
    context,
  }) => {
    const hub = await fakeHub(context, cdn, REPO);
    const mirror = await fakeHub(context, cdn, REPO, 'https://hf-mirror.com');
    await page.goto(`${APP_URL}&source=mirror`);
    await expect(page.getByTestId('link-download-offer')).toContainText('hf-mirror.com');
    await agreeToDownload(page);
    await expectDone(page, expected);
    expect(mirror.log).toEqual(['config.json', 'model.safetensors']);
    expect(hub.log).toEqual([]);
    const urls = Object.keys(await cachedHashes(page));
    expect(urls).toContain(`${HUB}config.json`);
    expect(urls.filter((url) => url.startsWith('https://hf-mirror.com/'))).toEqual([]);
    for (const file of [...BUILT_FILES, 'config.json']) {
      expect(urls).toContain(`${BUILT.baseUrl}${file}`);
    }
  });

  test('a download that breaks off leaves no built or partial entry, tiny-gpt2 still works, and a retry builds', async ({
    page,
    context,
  }) => {
    test.slow(); // three loads
    await fakeHub(context, cdn, REPO);
    const error = page.getByTestId('error-message');
    await page.goto(
      `/?ep=wasm&strategy=greedy&prompt=${encodeURIComponent(PROMPT)}&steps=${STEPS}`,
    );
    const offer = page.getByTestId('download-offer');
    const build = offer.getByTestId('build-gpt2-button');
    await expect(build).toContainText('every inside view');
    await expect(offer.getByTestId('download-gpt2-button')).toBeVisible();

    // The connection dies before the announced length arrived.
    cdn.mode = 'break';
    await build.click();
    await expect(error).toBeVisible({ timeout: 60_000 });
    await expect(error).toHaveAttribute('data-code', 'network');
    await expect(error).toContainText('model.safetensors');
    await expect(page.getByTestId('model-select')).toHaveValue('tiny-gpt2');
    const urls = Object.keys(await cachedHashes(page));
    expect(urls.filter((url) => url.startsWith(BUILT.baseUrl))).toEqual([]);
    expect(urls).not.toContain(`${HUB}model.safetensors`);

    // tiny-gpt2 is still selected and generates.
    await page.getByTestId('generate-button').click();
    await expectDone(page, expected);
    await expect(error).toHaveCount(0);

    // The network is back: the offer builds GPT-2, which is then selected and ready.
    cdn.mode = 'serve';
    await build.click();
    await expect(page.getByTestId('model-select')).toHaveValue(BUILT.id, { timeout: 90_000 });
    await expect(offer).toHaveCount(0);
    await expect(error).toHaveCount(0);
    const hashes = await cachedHashes(page);
    for (const file of BUILT_FILES) {
      const node = sha256(appFileBytes(file, CHECKPOINT.shape, CHECKPOINT.weights));
      expect(hashes[`${BUILT.baseUrl}${file}`], file).toBe(node);
    }
    expect(cdn.requests).toBe(2);
  });
});
