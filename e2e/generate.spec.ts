import { expect, test, type Page } from '@playwright/test';
import { cliTokenIds } from './cli';
import { stepIds } from './timeline';

const PROMPT = 'Once upon a time';
const STEPS = 10;

/** The onnxruntime-web binaries the page and its workers fetch, by file name. */
function runtimeBinaries(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (/^ort-wasm.*\.wasm$/.test(name)) names.push(name);
  });
  return names;
}

async function runInBrowser(page: Page, ep: 'wasm' | 'webgpu'): Promise<number[]> {
  const binaries = runtimeBinaries(page);
  const query = new URLSearchParams({
    model: 'tiny-gpt2',
    prompt: PROMPT,
    steps: `${STEPS}`,
    strategy: 'greedy',
    ep,
    autoplay: '1',
  });
  await page.goto(`/?${query}`);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('backend-badge')).toHaveText(ep);
  await expect(page.getByTestId('timeline-step')).toHaveCount(STEPS);
  // WASM runs on the plain CPU build (half the download of the WebGPU build), WebGPU on the build
  // with onnxruntime's native WebGPU provider (see ortBuilds.ts).
  expect(binaries).toHaveLength(1);
  expect(binaries[0]).toMatch(
    ep === 'wasm' ? /^ort-wasm-simd-threaded(-[\w-]+)?\.wasm$/ : /\.asyncify/,
  );
  return stepIds(page);
}

test.describe('tiny-gpt2 generates in the worker', () => {
  const expected = cliTokenIds(PROMPT, STEPS);

  test('with WASM, the tokens equal the CLI tokens', async ({ page }) => {
    expect(expected).toHaveLength(STEPS);
    expect(await runInBrowser(page, 'wasm')).toEqual(expected);
    // The context strip holds the prompt then every generated token, in order.
    const sources = await page
      .getByTestId('context-token')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-source')));
    expect(sources).toEqual([...Array(4).fill('prompt'), ...Array(STEPS).fill('generated')]);
    // Each step read exactly the tokens before it.
    const lengths = await page
      .getByTestId('timeline-step')
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-context-length'))));
    expect(lengths).toEqual(Array.from({ length: STEPS }, (_, i) => 4 + i));
  });

  test('with WebGPU (SwiftShader), the tokens equal the CLI tokens', async ({ page }) => {
    await page.goto('/'); // WebGPU needs a secure context: about:blank has none
    const hasAdapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return Boolean(gpu && (await gpu.requestAdapter()));
    });
    test.skip(!hasAdapter, 'this browser offers no WebGPU adapter');
    expect(await runInBrowser(page, 'webgpu')).toEqual(expected);
    // Switched to WASM in the same page, the worker keeps the build it has (the WebGPU one runs
    // WASM too): no second download, no second runtime heap.
    const binaries = runtimeBinaries(page);
    await page.getByTestId('ep-select').selectOption('wasm');
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('backend-badge')).toHaveText('wasm', { timeout: 90_000 });
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
    await expect(page.getByTestId('timeline-step')).toHaveCount(STEPS);
    expect(await stepIds(page)).toEqual(expected);
    expect(binaries).toEqual([]);
  });

  test('Step adds exactly one token each press', async ({ page }) => {
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=5');
    await page.getByTestId('step-button').click();
    await expect(page.getByTestId('timeline-step')).toHaveCount(1);
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'paused');
    await page.getByTestId('step-button').click();
    await expect(page.getByTestId('timeline-step')).toHaveCount(2);
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'paused');
    expect(await stepIds(page)).toEqual(expected.slice(0, 2));
  });
});
