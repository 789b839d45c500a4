/**
 * The decode step as the app's own page takes it, against the bench page: gpt2-shaped on WASM
 * from the production build, the run on screen, generated twice in one page (the second on a warm
 * runtime, as a student's second run), the step times read from the run's export. The bench page
 * runs the same engine with nothing on screen; the ratio of the two is what the page itself costs
 * a step. The preview build leaves gpt2-shaped out (vite.config.ts): the caller links it in
 * (`models` of withPreview).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser, Page } from '@playwright/test';
import type { AppRunResult } from '../shared/protocol';
import { openBenchPage } from './browser';
import type { Outcome } from './results';

export interface InPageStepResult {
  model: string;
  /** Steps timed in each timed run (its first, the prefill, left out). */
  steps: number;
  /** WASM threads of the page's worker; the bench page ran as many. */
  threads: number;
  /**
   * Median ms inside the model's run per step, and of the whole step, in the page's worker: the
   * median of the timed runs' medians (each run after the first, in the same page).
   */
  modelMs: number;
  totalMs: number;
  runs: { modelMs: number; totalMs: number }[];
  /** The same medians of the first run in the page (cold runtime). */
  firstRun: { modelMs: number; totalMs: number };
  /** The bench page's step at context 16 on the same thread count, measured right after. */
  bench: { threads: number; modelMs: number; totalMs: number } | null;
  /** The 1-minute load average as each page started. */
  load: { app: number; bench: number };
}

const MODEL = 'gpt2-shaped';
const STEPS = 40;
const PROMPT = 'Once upon a time';

interface ExportedStep {
  modelMs: number;
  totalMs: number;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100;
};

/** The shown run's decode steps (the first, the prefill, left out), from its export. */
export async function exportedSteps(page: Page): Promise<ExportedStep[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-button').click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  const run = (JSON.parse(text) as { run: { steps: ExportedStep[] } }).run;
  return run.steps.slice(1);
}

/**
 * Clicks Generate and waits until the new run is done: one more run in the list and the status
 * 'done'. The page itself resolves the wait (a MutationObserver on the page, no polling): a
 * polled wait runs a DevTools evaluation on the page's main thread every time it polls (every
 * animation frame for Playwright's locator waits), main-thread work the page would not do for a
 * user and that competes with the runtime's threads on a 2-core machine.
 */
export async function generateAgain(page: Page): Promise<void> {
  const runs = await page.getByTestId('run-item').count();
  // A string, not a function: tsx's helpers would not exist in the page.
  const done = page.evaluate(`new Promise((resolve) => {
    const finished = () =>
      document.querySelectorAll('[data-testid="run-item"]').length === ${runs + 1} &&
      document.querySelector('[data-testid="app-status"]')?.getAttribute('data-state') === 'done';
    const observer = new MutationObserver(() => {
      if (!finished()) return;
      observer.disconnect();
      resolve(true);
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-testid'] });
  })`);
  await page.getByTestId('generate-button').click();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the run did not finish in 300 s')), 300_000);
  });
  try {
    await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitDone(page: Page): Promise<void> {
  const done = page.getByTestId('app-status').and(page.locator('[data-state="done"]'));
  await done.waitFor({ timeout: 300_000 });
}

/** WASM threads the page's worker runs (the header's `threads` pill, "2 threads"). */
async function pageThreads(page: Page): Promise<number> {
  const text = (await page.getByTestId('threads').textContent()) ?? '';
  const n = Number(/\d+/.exec(text)?.[0]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`no thread count in the header: "${text}"`);
  return n;
}

const stepMedians = (steps: ExportedStep[]): { modelMs: number; totalMs: number } => ({
  modelMs: median(steps.map((s) => s.modelMs)),
  totalMs: median(steps.map((s) => s.totalMs)),
});

/** The app page: a first run after the model loads, then `runs` timed runs in the same page. */
async function appPageSteps(
  browser: Browser,
  origin: string,
  runs: number,
): Promise<Omit<InPageStepResult, 'bench' | 'load'>> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  try {
    const query = new URLSearchParams({
      model: MODEL,
      ep: 'wasm',
      strategy: 'greedy',
      steps: String(STEPS),
      prompt: PROMPT,
      autoplay: '1',
    });
    await page.goto(`${origin}/?${query}`);
    await waitDone(page);
    const first = await exportedSteps(page);
    const threads = await pageThreads(page);
    const timed: { modelMs: number; totalMs: number }[] = [];
    let steps = 0;
    for (let run = 0; run < runs; run++) {
      await generateAgain(page);
      const shown = await exportedSteps(page);
      steps = shown.length;
      timed.push(stepMedians(shown));
    }
    return {
      model: MODEL,
      steps,
      threads,
      ...stepMedians(timed.map((t) => ({ modelMs: t.modelMs, totalMs: t.totalMs }))),
      runs: timed,
      firstRun: stepMedians(first),
    };
  } finally {
    await context.close();
  }
}

/** The bench page's step at context 16 on `threads` WASM threads: the same engine, no views. */
async function benchPageStep(
  browser: Browser,
  benchOrigin: string,
  threads: number,
): Promise<NonNullable<InPageStepResult['bench']>> {
  const bench = await openBenchPage(browser, benchOrigin, () => {});
  try {
    const result = await bench.run({
      kind: 'app',
      backend: 'wasm',
      threads,
      modelUrl: `/models/${MODEL}/`,
      variant: 'slots',
      build: 'plain',
      plan: {
        prefill: [16],
        contexts: [16],
        decodeSteps: 20,
        rounds: 3,
        naiveContexts: [],
        naiveSteps: 0,
        prefillRepeats: 1,
        warmup: { minMs: 10_000, maxMs: 25_000 },
      },
    });
    if (result.kind !== 'app') throw new Error(`unexpected ${result.kind} result`);
    const at16 = result.decode.find((d) => d.context === 16);
    if (!at16) throw new Error('the bench page returned no step at context 16');
    return { threads: result.threadsUsed, modelMs: at16.modelMs, totalMs: at16.totalMs };
  } finally {
    await bench.page.close();
  }
}

const load1 = (): number => Number(loadavg()[0].toFixed(2));

/**
 * The app page's step (production build at `origin`), then the bench page's (dev server at
 * `benchOrigin`) on as many threads as the page's worker ran: the two side by side in one run.
 */
export async function measureInPageStep(
  browser: Browser,
  origin: string,
  benchOrigin: string,
  runs = 3,
): Promise<InPageStepResult> {
  const appLoad = load1();
  const app = await appPageSteps(browser, origin, runs);
  const benchLoad = load1();
  const bench = await benchPageStep(browser, benchOrigin, app.threads);
  return { ...app, bench, load: { app: appLoad, bench: benchLoad } };
}

/**
 * The report's lines: the page's step beside the bench page's at context 16 on the same thread
 * count, measured right after it (and the wasm part's figure on that count, when it ran).
 */
export function inPageStepLines(
  outcome: Outcome<InPageStepResult>,
  benchPage: Outcome<AppRunResult>[],
  errors: string[],
): string[] {
  if (!outcome.ok) {
    if (outcome.error !== 'not run') errors.push(outcome.error);
    return [];
  }
  const r = outcome.value;
  const ratio = (bench: number): string => `${(r.totalMs / bench).toFixed(2)}×`;
  const own = r.bench
    ? `; bench page @16 on ${r.bench.threads} thread(s), right after (load ${r.load.bench}): model ${r.bench.modelMs} ms, step ${r.bench.totalMs} ms → page/bench ${ratio(r.bench.totalMs)}`
    : '; bench page not measured';
  const part = benchPage.find(
    (o) =>
      o.ok &&
      o.value.backend === 'wasm' &&
      o.value.build === 'plain' &&
      o.value.threadsUsed === r.threads &&
      o.value.variant === 'slots',
  );
  const at16 = part?.ok ? part.value.decode.find((d) => d.context === 16) : undefined;
  const wasmPart = at16
    ? ` (the wasm part's step @16: ${at16.totalMs} ms → ${ratio(at16.totalMs)})`
    : '';
  const each = r.runs.map((x) => x.totalMs).join(' / ');
  return [
    '',
    `app page, ${r.model} on WASM, ${r.threads} thread(s) (production build, ${r.runs.length} runs after the first, ${r.steps} steps each after a ${PROMPT.length}-character prompt; load ${r.load.app}): model ${r.modelMs} ms, step ${r.totalMs} ms (runs ${each}; first run ${r.firstRun.modelMs} / ${r.firstRun.totalMs} ms)${own}${wasmPart}`,
  ];
}
