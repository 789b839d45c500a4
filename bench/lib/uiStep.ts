/**
 * The decode step as the app's own page takes it, against the bench page: gpt2-shaped on WASM
 * from the production build, the run on screen, generated twice in one page (the second on a warm
 * runtime, as a student's second run), the step times read from the run's export. The bench page
 * runs the same engine with nothing on screen; the ratio of the two is what the page itself costs
 * a step. The preview build leaves gpt2-shaped out (vite.config.ts): the caller links it in
 * (`models` of withPreview).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import type { AppRunResult } from '../shared/protocol';
import type { Outcome } from './results';

export interface InPageStepResult {
  model: string;
  /** Steps timed in the second run (its first, the prefill, left out). */
  steps: number;
  /** Median ms inside the model's run per step, and of the whole step, in the page's worker. */
  modelMs: number;
  totalMs: number;
  /** The same medians of the first run in the page (cold runtime). */
  firstRun: { modelMs: number; totalMs: number };
}

const MODEL = 'gpt2-shaped';
const STEPS = 40;
const PROMPT = 'Once upon a time';

interface ExportedStep {
  modelMs: number;
  totalMs: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100;
};

/** The shown run's decode steps (the first, the prefill, left out), from its export. */
async function exportedSteps(page: Page): Promise<ExportedStep[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-button').click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  const run = (JSON.parse(text) as { run: { steps: ExportedStep[] } }).run;
  return run.steps.slice(1);
}

async function waitDone(page: Page): Promise<void> {
  const done = page.getByTestId('app-status').and(page.locator('[data-state="done"]'));
  await done.waitFor({ timeout: 300_000 });
}

export async function measureInPageStep(
  browser: Browser,
  origin: string,
): Promise<InPageStepResult> {
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
    await page.getByTestId('generate-button').click();
    await page.locator('[data-testid="app-status"][data-state="generating"]').waitFor();
    await waitDone(page);
    const second = await exportedSteps(page);
    return {
      model: MODEL,
      steps: second.length,
      modelMs: median(second.map((s) => s.modelMs)),
      totalMs: median(second.map((s) => s.totalMs)),
      firstRun: {
        modelMs: median(first.map((s) => s.modelMs)),
        totalMs: median(first.map((s) => s.totalMs)),
      },
    };
  } finally {
    await context.close();
  }
}

/** The report's lines: the page's step beside the bench page's at context 16, same run. */
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
  const app = benchPage.find(
    (o) =>
      o.ok &&
      o.value.backend === 'wasm' &&
      o.value.build === 'plain' &&
      o.value.threadsUsed === 2 &&
      o.value.variant === 'slots',
  );
  const at16 = app?.ok ? app.value.decode.find((d) => d.context === 16) : undefined;
  const against = at16
    ? `; bench page @16: model ${at16.modelMs} ms, step ${at16.totalMs} ms → page/bench ${(r.totalMs / at16.totalMs).toFixed(2)}×`
    : '; bench page not measured in this run';
  return [
    '',
    `app page, ${r.model} on WASM (production build, second run, ${r.steps} steps after a ${PROMPT.length}-character prompt): model ${r.modelMs} ms, step ${r.totalMs} ms (first run ${r.firstRun.modelMs} / ${r.firstRun.totalMs} ms)${against}`,
  ];
}
