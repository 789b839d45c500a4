import { expect, test } from '@playwright/test';

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
    await page
      .context()
      .route('**/models/tiny-gpt2/onnx/model.onnx', (route) =>
        route.fulfill({ status: 200, body: Buffer.from('this is not an onnx model at all') }),
      );
    await page.goto('/?model=tiny-gpt2&ep=wasm&steps=3&autoplay=1');
    const error = page.getByTestId('error-message');
    await expect(error).toHaveAttribute('data-code', 'model_damaged', { timeout: 60_000 });
    await expect(error).toContainText('damaged');
    // The file is whole again: Generate works without a reload.
    await page.context().unroute('**/models/tiny-gpt2/onnx/model.onnx');
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
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'paused');
    const stopped = await page.getByTestId('timeline-step').count();
    expect(stopped).toBeLessThan(200);
    await page.waitForTimeout(1000);
    await expect(page.getByTestId('timeline-step')).toHaveCount(stopped);
    await page.getByTestId('continue-button').click();
    await expect(page.getByTestId('timeline-step')).toHaveCount(stopped + 2, { timeout: 60_000 });
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('app-status')).toHaveAttribute('data-state', 'paused');
    // The continued steps carry on the same run: numbered after the ones before the stop.
    const numbers = await page
      .getByTestId('timeline-step')
      .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-step'))));
    expect(numbers.slice(0, stopped + 2)).toEqual(
      Array.from({ length: stopped + 2 }, (_, i) => i + 1),
    );
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
    await expect(
      page.getByTestId('context-token').and(page.locator('[data-source=prompt]')),
    ).toHaveCount(256);
    await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-reason', 'context_limit');
  });
});
