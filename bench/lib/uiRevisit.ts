/**
 * A returning visitor: the app page opened several times in one browser profile (a persistent
 * context, closed between visits), generating the same tiny-gpt2 run each time. Chromium keeps
 * what it compiled of onnxruntime's WASM binary between visits, so a later visit should not spend
 * its first run recompiling the runtime's hot code in the background — the work that competes
 * with the page on a small machine. Each visit reports the load (model + session + warm-up), the
 * generation and the main-thread long tasks while it generated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../e2e/chromium';

export interface Visit {
  loadMs: number;
  generateMs: number;
  longTasks: number;
  longTaskMaxMs: number;
}

const LONG_TASKS = `window.stepwiseLongTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.stepwiseLongTasks.push([e.startTime, e.duration]);
}).observe({ type: 'longtask', buffered: true });`;

declare global {
  interface Window {
    stepwiseLongTasks: [number, number][];
  }
}

async function visit(profile: string, origin: string, steps: number): Promise<Visit> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript({ content: LONG_TASKS });
    await page.goto(`${origin}/?model=tiny-gpt2&ep=wasm&steps=${steps}`);
    const button = page.getByTestId('generate-button');
    await button.and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    const status = page.getByTestId('app-status');
    const now = (): Promise<number> => page.evaluate(() => performance.now());
    const clicked = await now();
    // A later visit opens on the run it restored, already 'done': wait for this run's states.
    await button.click(); // loads the model, then generates
    await status.and(page.locator('[data-state="generating"]')).waitFor({ timeout: 120_000 });
    const started = await now();
    await status.and(page.locator('[data-state="done"]')).waitFor({ timeout: 240_000 });
    const ended = await now();
    const tasks = (await page.evaluate(() => window.stepwiseLongTasks)).filter(
      ([start]) => start >= started && start <= ended,
    );
    // Chromium writes its caches in the background: give it time before the profile closes.
    await page.waitForTimeout(3000);
    return {
      loadMs: Math.round(started - clicked),
      generateMs: Math.round(ended - started),
      longTasks: tasks.length,
      longTaskMaxMs: Math.round(Math.max(0, ...tasks.map(([, duration]) => duration))),
    };
  } finally {
    await context.close();
  }
}

/** `visits` visits in one fresh profile, in order (the first one is a first visit). */
export async function measureRevisits(origin: string, steps: number, visits = 3): Promise<Visit[]> {
  const profile = mkdtempSync(join(tmpdir(), 'stepwise-bench-profile-'));
  try {
    const results: Visit[] = [];
    for (let i = 0; i < visits; i++) results.push(await visit(profile, origin, steps));
    return results;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
