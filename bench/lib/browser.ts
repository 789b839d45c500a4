/** Headless Chromium driving the bench page: each request runs in a fresh module worker. */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../e2e/chromium';
import type { BenchRequest, BenchResult } from '../shared/protocol';

/** The bench page, served by the Vite dev server from the project root. */
export const BENCH_PAGE = '/bench/page/index.html';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
}

export interface BenchPage {
  page: Page;
  crossOriginIsolated: boolean;
  run(request: BenchRequest): Promise<BenchResult>;
}

export async function openBenchPage(
  browser: Browser,
  origin: string,
  log: (line: string) => void,
): Promise<BenchPage> {
  const page = await browser.newPage();
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('[bench] ')) log(text.slice(8));
    else if (message.type() === 'error') log(`page error: ${text}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) log(`HTTP ${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => log(`page exception: ${error.message}`));
  await page.goto(`${origin}${BENCH_PAGE}`);
  await page.waitForFunction(() => typeof window.stepwiseBench === 'function', null, {
    timeout: 120_000,
  });
  const crossOriginIsolated = await page.evaluate(() => globalThis.crossOriginIsolated);
  return {
    page,
    crossOriginIsolated,
    run: (request) => page.evaluate((r) => window.stepwiseBench(r), request),
  };
}
