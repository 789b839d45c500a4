/**
 * The real app page in Chromium: long tasks on the main thread, the worst gap between animation
 * frames while it generates, and the bytes an exported run keeps per step. tiny-gpt2 reads at most
 * 256 tokens, so a run asked for 500 steps stops at the context limit (about 250 steps); Play over
 * a 500-step run is measured on a file made from the exported run (its steps repeated), imported
 * into the same page.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';

export interface UiResult {
  url: string;
  steps: number;
  generateMs: number;
  longTasks: number;
  longTaskMaxMs: number;
  /** Long tasks that started while the app said it was generating. */
  longTasksWhileGenerating: number;
  /** Long tasks before generation began: page load, model load, React start-up (dev mode). */
  longTasksBeforeGenerating: number;
  /** Long tasks as [start, duration] ms, longest first (at most 10). */
  longestTasks: [number, number][];
  worstFrameGapMs: number;
  worstFrameGapWholePageMs: number;
  exportBytes: number;
  bytesPerStep: number;
  /** Why the run ended: `context_limit` when the model's context, not `steps`, ended it. */
  stopReason: string | null;
  /** Play at the top speed through an imported 500-step run (see playback()). */
  playback: PlaybackResult | null;
  /** Generate clicked again in that page afterwards (see generateAgain()). */
  again: AgainResult | null;
}

/**
 * The second generation of a page. The first one, right after the model loads, shares this
 * machine's two cores with V8 compiling onnxruntime's hot WASM code in the background (about
 * 2.5 s of CPU, gone with `--js-flags=--liftoff-only`); the second runs on compiled code.
 */
export interface AgainResult {
  steps: number;
  generateMs: number;
  longTasks: number;
  longTaskMaxMs: number;
  worstFrameGapMs: number;
}

export interface PlaybackResult {
  steps: number;
  /** Steps per second asked for, and the time Play took from step 1 to the last step. */
  speed: number;
  playMs: number;
  longTasks: number;
  longTaskMaxMs: number;
  worstFrameGapMs: number;
}

interface PageProbe {
  longTasks: { start: number; duration: number }[];
  gaps: { end: number; gap: number; generating: boolean }[];
  generating: { start: number; end: number };
}

declare global {
  interface Window {
    stepwiseUiProbe: PageProbe;
  }
}

/**
 * Runs in the page before the app's scripts. Plain JavaScript text, not a serialised TS function:
 * tsx's transform adds helper calls (`__name`) that do not exist in the page.
 */
const PROBE_SCRIPT = `(() => {
  const probe = { longTasks: [], gaps: [], generating: { start: -1, end: -1 } };
  window.stepwiseUiProbe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  let last = -1;
  function frame(t) {
    const el = document.querySelector('[data-testid="app-status"]');
    const state = el ? el.getAttribute('data-state') : null;
    const generating = state === 'generating';
    if (generating && probe.generating.start < 0) probe.generating.start = t;
    if (state === 'done' && probe.generating.start >= 0 && probe.generating.end < 0) {
      probe.generating.end = t;
    }
    if (last >= 0) probe.gaps.push({ end: t, gap: t - last, generating });
    last = t;
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();`;

export async function measureUi(
  browser: Browser,
  origin: string,
  steps: number,
): Promise<UiResult> {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await page.addInitScript({ content: PROBE_SCRIPT });
  const url = `/?model=tiny-gpt2&ep=wasm&steps=${steps}&autoplay=1`;
  await page.goto(`${origin}${url}`);
  const status = page.getByTestId('app-status');
  await status.and(page.locator('[data-state="done"]')).waitFor({ timeout: 240_000 });
  await page.waitForTimeout(300); // let the last frames land
  const probe = await page.evaluate(() => window.stepwiseUiProbe);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-button').click(),
  ]);
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  const run = (JSON.parse(text) as { run: { steps: unknown[]; stopReason: string | null } }).run;
  const played = await playback(page, text, PLAYBACK_STEPS);
  // A failure here leaves the figures above standing.
  const again = await generateAgain(page).catch((error: unknown) => {
    console.log(`UI: generating again failed: ${String(error)}`);
    return null;
  });
  await context.close();

  const { start, end } = probe.generating;
  const during = (t: number): boolean => t >= start && t <= end;
  const longWhile = probe.longTasks.filter((task) => during(task.start));
  const gapsWhile = probe.gaps.filter((g) => g.generating || during(g.end));
  const exportBytes = Buffer.byteLength(text);
  return {
    url,
    steps: run.steps.length,
    generateMs: Math.round(end - start),
    longTasks: probe.longTasks.length,
    longTaskMaxMs: Math.max(0, ...probe.longTasks.map((t) => t.duration)),
    longTasksWhileGenerating: longWhile.length,
    longTasksBeforeGenerating: probe.longTasks.filter((task) => task.start < start).length,
    longestTasks: [...probe.longTasks]
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 10)
      .map((task): [number, number] => [Math.round(task.start), Math.round(task.duration)]),
    worstFrameGapMs: Math.round(Math.max(0, ...gapsWhile.map((g) => g.gap))),
    worstFrameGapWholePageMs: Math.round(Math.max(0, ...probe.gaps.map((g) => g.gap))),
    exportBytes,
    bytesPerStep: Math.round(exportBytes / Math.max(1, run.steps.length)),
    stopReason: run.stopReason,
    playback: played,
    again,
  };
}

/** Generate once more (the URL's prompt and step count): a new run, on a warm runtime. */
async function generateAgain(page: Page): Promise<AgainResult> {
  // From just before the click: a long task the click itself starts (the imported 500-step run's
  // views taken down) counts too.
  const start = await page.evaluate(() => {
    window.stepwiseUiProbe.generating = { start: -1, end: -1 };
    return performance.now();
  });
  await page.getByTestId('generate-button').click();
  // The probe marks the end at the first 'done' frame after a 'generating' one.
  await page.waitForFunction(() => window.stepwiseUiProbe.generating.end >= 0, null, {
    polling: 250,
    timeout: 240_000,
  });
  await page.waitForTimeout(300); // let the last frames land
  const probe = await page.evaluate(() => window.stepwiseUiProbe);
  const { end } = probe.generating;
  const active = page.locator('[data-testid="run-item"][data-active="true"]');
  return {
    steps: Number(await active.getAttribute('data-steps')),
    generateMs: Math.round(end - start),
    ...windowStats(probe, start, end),
  };
}

/** Long tasks that started between `start` and `end`, and the worst frame gap that ended then. */
function windowStats(
  probe: PageProbe,
  start: number,
  end: number,
): { longTasks: number; longTaskMaxMs: number; worstFrameGapMs: number } {
  const long = probe.longTasks.filter((t) => t.start >= start && t.start <= end);
  const gaps = probe.gaps.filter((g) => g.end >= start && g.end <= end);
  return {
    longTasks: long.length,
    longTaskMaxMs: Math.round(Math.max(0, ...long.map((t) => t.duration))),
    worstFrameGapMs: Math.round(Math.max(0, ...gaps.map((g) => g.gap))),
  };
}

const PLAYBACK_STEPS = 500;
/** The speed slider's top value (steps per second). */
const TOP_SPEED = 20;

interface RunFile {
  run: { promptIds: number[]; config: { maxSteps: number }; steps: Record<string, unknown>[] };
}

/** The exported run with its steps repeated up to `steps` (numbers and context lengths fixed). */
export function lengthenRunFile(text: string, steps: number): string {
  const file = JSON.parse(text) as RunFile;
  const recorded = file.run.steps;
  const prompt = file.run.promptIds.length;
  file.run.steps = Array.from({ length: steps }, (_, i) => ({
    ...recorded[i % recorded.length],
    step: i + 1,
    contextLength: prompt + i,
  }));
  file.run.config.maxSteps = Math.max(file.run.config.maxSteps, steps);
  return JSON.stringify(file);
}

/** Imports a `steps`-step run, then Play from step 1 at the top speed until the last step. */
async function playback(page: Page, text: string, steps: number): Promise<PlaybackResult> {
  await page.getByTestId('import-input').setInputFiles({
    name: 'long-run.json',
    mimeType: 'application/json',
    buffer: Buffer.from(lengthenRunFile(text, steps)),
  });
  const position = page.getByTestId('playback-position');
  await position.filter({ hasText: new RegExp(` / ${steps}$`) }).waitFor();
  await page.getByTestId('speed-input').fill(String(TOP_SPEED));
  const first = page.getByRole('button', { name: /^First step/ });
  if (await first.isEnabled()) await first.click();
  await position.filter({ hasText: new RegExp(`^1 / ${steps}$`) }).waitFor();
  await page.waitForTimeout(500);
  const start = await page.evaluate(() => performance.now());
  await page.getByTestId('play-button').click();
  const timeout = (steps / TOP_SPEED) * 4000 + 30_000;
  await position.filter({ hasText: `${steps} / ${steps}` }).waitFor({ timeout });
  const end = await page.evaluate(() => performance.now());
  const probe = await page.evaluate(() => window.stepwiseUiProbe);
  return {
    steps,
    speed: TOP_SPEED,
    playMs: Math.round(end - start),
    ...windowStats(probe, start, end),
  };
}
