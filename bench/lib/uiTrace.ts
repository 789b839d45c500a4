/**
 * Where the app page's main-thread time goes while it generates: a Chromium performance trace
 * (devtools.timeline) of a second, separate run (Generate clicked, model load included), summed per event type on the renderer's
 * main thread. Layouts are split by the JavaScript that forced them (from the trace's stacks) or
 * the browser's own rendering step. Tracing slows the page a little: its long-task
 * figures are not the ones reported as targets. Run it on an unminified build so that function
 * names mean something.
 */
import type { Browser, Page } from '@playwright/test';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; beginData?: { stackTrace?: Frame[] } };
}

export interface UiTrace {
  url: string;
  /** Wall time from the click on Generate (model load included) to 'done'. */
  wallMs: number;
  /** Sum of top-level tasks on the main thread in that time. */
  busyMs: number;
  domNodes: number;
  /** [event name, total ms (inclusive), count], the 12 largest. */
  events: [string, number, number][];
  /** Layouts by the JavaScript that forced them (top frames) or 'rendering': [cause, ms, count]. */
  layouts: [string, number, number][];
  /**
   * Main-thread JS heap after a forced GC, before Generate and at 'done' (the first run: it also
   * holds what the page builds once — lazy modules, compiled code, the views' first render).
   */
  heap: HeapGrowth;
  /**
   * Later runs in that page, after the start-up: a 10-step run, then a full one, each shown when
   * done. From the first to the second the heap gains the full run's data and its views on
   * screen, less the short run's views: what each further step costs. Null when that part failed
   * (the error is in `heapAgainError`).
   */
  heapAgain: HeapGrowth | null;
  heapAgainError?: string;
}

export interface HeapGrowth {
  /** Steps kept in all runs (the run list's counts), and the heap's used bytes, before and after. */
  steps: [number, number];
  usedBytes: [number, number];
  bytesPerStep: number;
}

export function summariseTrace(
  events: TraceEvent[],
): Omit<UiTrace, 'url' | 'wallMs' | 'domNodes' | 'heap' | 'heapAgain'> {
  const mains = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const onMain = events.filter(
    (e) =>
      e.ph === 'X' && e.dur !== undefined && mains.some((m) => m.pid === e.pid && m.tid === e.tid),
  );
  const add = (map: Map<string, [number, number]>, key: string, us: number): void => {
    const entry = map.get(key) ?? [0, 0];
    entry[0] += us / 1000;
    entry[1]++;
    map.set(key, entry);
  };
  const byName = new Map<string, [number, number]>();
  for (const e of onMain) add(byName, e.name, e.dur ?? 0);
  // A layout with JavaScript on its stack was forced by that code (it read layout after a change).
  const layouts = new Map<string, [number, number]>();
  for (const l of onMain.filter((e) => e.name === 'Layout')) {
    const stack = l.args?.beginData?.stackTrace ?? [];
    const frames = stack
      .slice(0, 3)
      .map((f) => `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`);
    add(layouts, frames.length > 0 ? `forced by ${frames.join(' < ')}` : 'rendering', l.dur ?? 0);
  }
  const rows = (map: Map<string, [number, number]>, limit: number): [string, number, number][] =>
    [...map]
      .sort((a, b) => b[1][0] - a[1][0])
      .slice(0, limit)
      .map(([k, [ms, n]]) => [k, Math.round(ms), n]);
  return {
    busyMs: Math.round(byName.get('RunTask')?.[0] ?? 0),
    events: rows(byName, 12),
    layouts: rows(layouts, 6),
  };
}

/**
 * The page loads without autoplay (the main thread is too busy during a run for a quick
 * `evaluate`), the heap is read after a forced GC, then Generate is clicked under the trace.
 */
export async function traceUi(browser: Browser, origin: string, steps: number): Promise<UiTrace> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const url = `/?model=tiny-gpt2&ep=wasm&steps=${steps}`;
    await page.goto(`${origin}${url}`);
    const button = page.getByTestId('generate-button');
    await button.and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    const cdp = await context.newCDPSession(page);
    /** Steps kept in all runs (the run list's counts), and the heap's used bytes. */
    const heapNow = async (): Promise<[number, number]> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const steps = await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="run-item"]')].reduce(
          (sum, item) => sum + Number(item.getAttribute('data-steps') ?? 0),
          0,
        ),
      );
      return [steps, usedSize];
    };
    const growth = (from: [number, number], to: [number, number]): HeapGrowth => ({
      steps: [from[0], to[0]],
      usedBytes: [from[1], to[1]],
      bytesPerStep: Math.round((to[1] - from[1]) / Math.max(1, to[0] - from[0])),
    });
    const before = await heapNow();
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'disabled-by-default-devtools.timeline.stack',
      ],
    });
    const t0 = performance.now();
    await button.click();
    const done = page.getByTestId('app-status').and(page.locator('[data-state="done"]'));
    await done.waitFor({ timeout: 240_000 });
    const wallMs = Math.round(performance.now() - t0);
    const trace = JSON.parse((await browser.stopTracing()).toString()) as {
      traceEvents: TraceEvent[];
    };
    const after = await heapNow();
    const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    const later = await (async () => {
      await generateShown(page, 10);
      const a = await heapNow();
      await generateShown(page, steps);
      return growth(a, await heapNow());
    })().then(
      (heapAgain) => ({ heapAgain }),
      (error: unknown) => ({ heapAgain: null, heapAgainError: String(error) }),
    );
    return {
      url,
      wallMs,
      domNodes,
      heap: growth(before, after),
      ...later,
      ...summariseTrace(trace.traceEvents),
    };
  } finally {
    await context.close();
  }
}

/** Sets the step count, clicks Generate and waits until that new run is done and on screen. */
async function generateShown(page: Page, steps: number): Promise<void> {
  const runs = await page.getByTestId('run-item').count();
  await page.getByTestId('steps-input').fill(String(steps));
  await page.getByTestId('generate-button').click();
  await page.waitForFunction(
    (count) => {
      const items = document.querySelectorAll('[data-testid="run-item"]');
      const status = document.querySelector('[data-testid="app-status"]');
      const last = items[items.length - 1];
      return (
        items.length === count + 1 &&
        status?.getAttribute('data-state') === 'done' &&
        Number(last?.getAttribute('data-steps') ?? 0) > 0
      );
    },
    runs,
    { polling: 250, timeout: 240_000 },
  );
}
