import { expect, test, type Page, type Worker } from '@playwright/test';
import { cliTokenIds } from './cli';
import { countArrivingSteps, logEngine, stepsReceived, stopAfter, stopReport } from './stopTiming';
import { stepIds } from './timeline';

/** The app's engine worker (onnxruntime's WASM threads are workers too, named `em-pthread…`). */
async function engineWorker(page: Page): Promise<Worker> {
  for (const worker of page.workers()) {
    const name = await worker.evaluate(() => self.name).catch(() => '');
    if (name === 'stepwise-engine') return worker;
  }
  throw new Error('no engine worker');
}

/** Failures show a clear message and leave the app usable without a reload. */
test.describe('faults', () => {
  test('a missing model folder says so, and another model still works', async ({ page }) => {
    await page.goto('/?model=gpt2&ep=wasm&steps=3&autoplay=1');
    const error = page.getByTestId('error-message');
    await expect(error).toBeVisible({ timeout: 60_000 });
    await expect(error).toHaveAttribute('data-code', 'model_not_found');
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'error');
    await page.getByTestId('model-select').selectOption('tiny-gpt2');
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
    await expect(page.getByTestId('timeline-step')).toHaveCount(3);
  });

  test('a damaged model file gets a plain message, not a stack trace', async ({ page }) => {
    // Every ONNX file of the folder: the slots file is tried first, the Hub-interface one next.
    const files = '**/models/tiny-gpt2/onnx/*.onnx';
    await page
      .context()
      .route(files, (route) =>
        route.fulfill({ status: 200, body: Buffer.from('this is not an onnx model at all') }),
      );
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=3&autoplay=1');
    const error = page.getByTestId('error-message');
    await expect(error).toHaveAttribute('data-code', 'model_damaged', { timeout: 60_000 });
    await expect(error).toContainText('damaged');
    await expect(error).not.toContainText(/\n\s+at /);
    // The file is whole again: Generate works without a reload.
    await page.context().unroute(files);
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
  });

  test('Stop halts a long run between steps; Continue goes on from there', async ({ page }) => {
    // WASM finishes tiny-gpt2's 200 steps in seconds; SwiftShader's WebGPU takes ~1 s a step.
    await page.goto('/');
    const hasAdapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return Boolean(gpu && (await gpu.requestAdapter()));
    });
    test.skip(!hasAdapter, 'needs a (software) WebGPU adapter to make steps slow enough');
    await page.goto('/?model=tiny-gpt2&ep=webgpu&steps=200&autoplay=1');
    await expect(page.getByTestId('timeline-step').nth(4)).toBeVisible({ timeout: 90_000 });
    const timeline = page.getByTestId('timeline');
    // While it runs, neither another model nor a second Generate can be chosen.
    await expect(page.getByTestId('model-select')).toBeDisabled();
    await expect(page.getByTestId('generate-button')).toBeDisabled();
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'paused');
    // The run's step count is the timeline's data-steps (only the cells near the view exist).
    const count = async () => Number(await timeline.getAttribute('data-steps'));
    const stopped = await count();
    expect(stopped).toBeLessThan(200);
    await page.waitForTimeout(1000);
    expect(await count()).toBe(stopped);
    await page.getByTestId('continue-button').click();
    // At least two more steps (the count is polled, so it may pass stopped + 2 between looks).
    await expect.poll(count, { timeout: 60_000 }).toBeGreaterThanOrEqual(stopped + 2);
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'paused');
    // The continued steps carry on the same run: numbered after the ones before the stop, the
    // last drawn cell being the last step (the timeline follows the run).
    const total = await count();
    expect(total).toBeGreaterThanOrEqual(stopped + 2);
    expect(total).toBeLessThan(200);
    const numbers = await page
      .getByTestId('timeline-step')
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-step'))));
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.at(-1)).toBe(total);
    const first = numbers[0];
    expect(numbers).toEqual(Array.from({ length: total - first + 1 }, (_, i) => first + i));
  });

  test('Stop on WASM halts within a step of the click; Continue and Step go on', async ({
    page,
  }) => {
    await countArrivingSteps(page);
    // Far more steps than the context holds: only Stop can end the run short of the limit.
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=1024');
    const status = page.getByTestId('app-status');
    const timeline = page.getByTestId('timeline');
    const count = async () => Number(await timeline.getAttribute('data-steps'));
    // Step loads the model and makes one token; the worker is then there to be watched.
    await page.getByTestId('step-button').click();
    await expect(status).toHaveAttribute('data-state', 'paused', { timeout: 90_000 });
    expect(await count()).toBe(1);
    const worker = await engineWorker(page);
    // The page's and the worker's clocks are not one (stopTiming.ts): with the worker's a second
    // ahead, the steps posted by the click must still be told apart from those after it.
    await worker.evaluate(() => {
      const now = performance.now.bind(performance);
      performance.now = () => now() + 1000;
    });
    await logEngine(page, worker);

    await page.getByTestId('generate-button').click();
    const postedByClick = await stopAfter(page, (await stepsReceived(page)) + 3);
    await expect(status).toHaveAttribute('data-state', 'paused');
    const stopped = await count();
    const first = await stopReport(worker, postedByClick);
    // The worker read the Stop once the step it was computing at the click was done, and
    // computed nothing after it.
    expect(first.postedByRead).toBeLessThanOrEqual(first.postedByClick + 1);
    expect(stopped).toBe(first.postedByRead);
    await page.waitForTimeout(500);
    expect(await count()).toBe(stopped);

    await page.getByTestId('continue-button').click();
    const postedByAgain = await stopAfter(page, (await stepsReceived(page)) + 2);
    await expect(status).toHaveAttribute('data-state', 'paused');
    const total = await count();
    const second = await stopReport(worker, postedByAgain);
    expect(total).toBeGreaterThan(stopped);
    expect(second.postedByRead).toBeLessThanOrEqual(second.postedByClick + 1);
    expect(total).toBe(second.postedByRead);

    // Step adds exactly one token to the paused run.
    await page.getByTestId('step-button').click();
    await expect.poll(count).toBe(total + 1);
    await expect(status).toHaveAttribute('data-state', 'paused');
  });

  test('a crashed engine worker is reported in the chosen language and replaced; the run goes on', async ({
    page,
  }) => {
    const expected = cliTokenIds('Once upon a time', 6);
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=5&autoplay=1&lang=zh-CN&topP=2');
    // Notices follow the language: a bad URL parameter is named in Chinese.
    const notice = page.getByTestId('notice');
    await expect(notice).toContainText('已忽略 URL 参数 topP="2"');
    const status = page.getByTestId('app-status');
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('timeline-step')).toHaveCount(5);

    // The worker dies of an uncaught error, as it would of a bug or a runtime abort.
    const worker = await engineWorker(page);
    await worker.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    });
    const error = page.getByTestId('error-message');
    await expect(error).toHaveAttribute('data-code', 'worker_crashed');
    await expect(error).toContainText('引擎意外停止');
    await expect(error).toContainText('simulated crash');
    await expect(page.getByTestId('timeline-step')).toHaveCount(5);
    // Stored as messages, not text: switching the language re-renders them.
    await page.getByTestId('language-select').selectOption('en');
    await expect(error).toContainText('The engine stopped unexpectedly');
    await expect(notice).toContainText('Ignored URL parameter topP="2"');

    // Step starts a fresh worker, which rebuilds the run from its recorded steps and adds one.
    await page.getByTestId('step-button').click();
    await expect(page.getByTestId('timeline-step')).toHaveCount(6, { timeout: 90_000 });
    await expect(error).toHaveCount(0);
    expect(await stepIds(page)).toEqual(expected);
    expect(await engineWorker(page)).not.toBe(worker);
  });

  test('an empty prompt cannot be generated, and says why', async ({ page }) => {
    await page.goto('/?model=tiny-gpt2&ep=wasm');
    await page.getByTestId('prompt-input').fill('   ');
    // Whitespace is a real token for GPT-2; only an empty prompt is refused.
    await expect(page.getByTestId('generate-button')).toBeEnabled();
    await page.getByTestId('prompt-input').fill('');
    await expect(page.getByTestId('generate-button')).toBeDisabled();
    await expect(page.getByTestId('prompt-problem')).toBeVisible();
  });

  test('a prompt longer than the context is refused, or cut when the user opts in', async ({
    page,
  }) => {
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=2');
    await page.getByTestId('prompt-input').fill('a'.repeat(2000)); // 500 tokens > 256
    await expect(page.getByTestId('prompt-problem')).toContainText('256');
    await expect(page.getByTestId('generate-button')).toBeDisabled();
    await page.getByTestId('keep-recent-input').check();
    await page.getByTestId('generate-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
    // The cut keeps room for the 2 steps asked for: 254 prompt tokens, then both steps.
    await expect(
      page.getByTestId('context-token').and(page.locator('[data-source=prompt]')),
    ).toHaveCount(254);
    await expect(
      page.getByTestId('context-token').and(page.locator('[data-source=generated]')),
    ).toHaveCount(2);
    await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'max_steps');
  });
});
