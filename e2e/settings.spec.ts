import { expect, test, type Page } from '@playwright/test';

const status = (page: Page) => page.getByTestId('app-status');
const RUN_BUTTONS = ['generate-button', 'step-button', 'continue-button'];

test.describe('the settings form', () => {
  test('refuses out-of-range sampling settings, says why, then generates once fixed', async ({
    page,
  }) => {
    await page.goto('/?model=tiny-gpt2&ep=wasm');
    await page.getByTestId('strategy-select').selectOption('sample');
    await expect(page.getByTestId('generate-button')).toBeEnabled();

    const typed: [string, string, string][] = [
      ['temperature-input', '50', 'Expected a number from 0 to 10.'],
      ['top-k-input', '-3', 'Expected an integer from 0 (off) to 50257.'],
      ['top-p-input', '1.5', 'Expected a number in (0, 1].'],
    ];
    for (const [field, value, expected] of typed) {
      await page.getByTestId(field).fill(value);
      await expect(page.getByTestId(field)).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByTestId(`${field}-problem`)).toHaveText(expected);
    }
    const reason = page.getByTestId('settings-problem');
    await expect(reason).toContainText('Some settings are out of range');
    for (const button of RUN_BUTTONS) {
      await expect(page.getByTestId(button)).toBeDisabled();
      // The description is the button's own hint, then why it is disabled.
      const why = (await reason.innerText()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      await expect(page.getByTestId(button)).toHaveAccessibleDescription(new RegExp(`${why}$`));
    }
    // A disabled button ignores clicks; Enter in a field submits nothing either.
    await page.getByTestId('generate-button').click({ force: true });
    await page.getByTestId('temperature-input').press('Enter');
    await expect(status(page)).toHaveAttribute('data-state', 'idle');
    await expect(page.getByTestId('timeline-step')).toHaveCount(0);

    // Switched to greedy, an out-of-range field stays editable so that it can be fixed.
    await page.getByTestId('strategy-select').selectOption('greedy');
    await expect(page.getByTestId('temperature-input')).toBeEnabled();
    await expect(page.getByTestId('seed-input')).toBeDisabled();
    await expect(page.getByTestId('generate-button')).toBeDisabled();
    await page.getByTestId('strategy-select').selectOption('sample');

    await page.getByTestId('temperature-input').fill('0.7');
    await page.getByTestId('top-k-input').fill('40');
    await expect(page.getByTestId('generate-button')).toBeDisabled();
    await page.getByTestId('top-p-input').fill('0.9');
    for (const [field] of typed) {
      await expect(page.getByTestId(field)).toHaveAttribute('aria-invalid', 'false');
      await expect(page.getByTestId(`${field}-problem`)).toHaveCount(0);
    }
    await expect(reason).toHaveCount(0);
    await page.getByTestId('steps-input').fill('5');
    await page.getByTestId('generate-button').click();
    await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('timeline-step')).toHaveCount(5);
  });

  test('says the allowed range in Chinese, and counts steps from the same table', async ({
    page,
  }) => {
    await page.goto('/?model=tiny-gpt2&ep=wasm&lang=zh-CN&strategy=sample');
    await page.getByTestId('temperature-input').fill('50');
    await expect(page.getByTestId('temperature-input-problem')).toHaveText(
      '应为 0 到 10 之间的数。',
    );
    await page.getByTestId('temperature-input').fill('1');
    await page.getByTestId('steps-input').fill('1025');
    await expect(page.getByTestId('steps-input-problem')).toHaveText('应为 1 到 1024 之间的整数。');
    await expect(page.getByTestId('settings-problem')).toBeVisible();
    await expect(page.getByTestId('step-button')).toBeDisabled();
    await page.getByTestId('steps-input').fill('1024');
    await expect(page.getByTestId('settings-problem')).toHaveCount(0);
    await expect(page.getByTestId('step-button')).toBeEnabled();
  });
});
