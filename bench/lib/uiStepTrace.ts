/**
 * Where the CPU goes while the app page generates gpt2-shaped on WASM (issue 19): a Chromium
 * trace of the page's second run (as bench/lib/uiStep.ts measures it), summed per thread of every
 * process — the page's main thread, its compositor and raster threads, the worker and its runtime
 * threads, the browser and GPU processes — by CPU time (`tdur`), and on the page's main thread by
 * event. On a 2-core machine every ms another thread spends is a ms the runtime's two threads
 * wait for. Optionally also a sampled JavaScript profile of the main thread (unminified build:
 * function names are the components'), self time by function.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { generateAgain } from './uiStep';

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface ThreadRow {
  process: string;
  thread: string;
  /** Sum of the thread's top-level tasks: wall ms and CPU ms (tdur), and their count. */
  wallMs: number;
  cpuMs: number;
  tasks: number;
}

export interface StepTrace {
  wallMs: number;
  /** Median ms of the second run's decode steps, from its export (model run and whole step). */
  modelMs: number;
  totalMs: number;
  threads: ThreadRow[];
  /** The page's main thread by event name: [name, wall ms inclusive, CPU ms, count]. */
  mainEvents: [string, number, number, number][];
  /** Self time by JavaScript function on the main thread: [function url:line, ms], largest. */
  jsSelf: [string, number][];
}

const TOP_LEVEL = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Per-thread sums of top-level tasks, and the renderer main thread's events by name. */
export function summariseThreads(
  events: TraceEvent[],
  mainPid: number | null,
): Pick<StepTrace, 'threads' | 'mainEvents'> {
  const processNames = new Map<number, string>();
  const threadNames = new Map<string, string>();
  for (const e of events.filter((x) => x.ph === 'M')) {
    if (e.name === 'process_name') processNames.set(e.pid, e.args?.name ?? '?');
    if (e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  }
  const rows = new Map<string, ThreadRow>();
  const complete = events.filter((e) => e.ph === 'X' && e.dur !== undefined);
  // Top-level tasks nest (RunTask inside ThreadControllerImpl::RunTask): count the outermost.
  const openUntil = new Map<string, number>();
  const tops = complete.filter((x) => TOP_LEVEL.has(x.name)).sort((a, b) => a.ts - b.ts);
  for (const e of tops) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ts < (openUntil.get(key) ?? -Infinity)) continue;
    openUntil.set(key, e.ts + (e.dur ?? 0));
    const row = rows.get(key) ?? {
      process: `${processNames.get(e.pid) ?? '?'} ${e.pid}`,
      thread: threadNames.get(key) ?? String(e.tid),
      wallMs: 0,
      cpuMs: 0,
      tasks: 0,
    };
    row.wallMs += (e.dur ?? 0) / 1000;
    row.cpuMs += (e.tdur ?? e.dur ?? 0) / 1000;
    row.tasks++;
    rows.set(key, row);
  }
  const threads = [...rows.values()]
    .map((r) => ({ ...r, wallMs: round(r.wallMs), cpuMs: round(r.cpuMs) }))
    .sort((a, b) => b.cpuMs - a.cpuMs);
  const mainKey = [...threadNames].find(
    ([key, name]) => name === 'CrRendererMain' && key.startsWith(`${mainPid}:`),
  )?.[0];
  const byName = new Map<string, [number, number, number]>();
  for (const e of complete.filter((x) => `${x.pid}:${x.tid}` === mainKey)) {
    const entry = byName.get(e.name) ?? [0, 0, 0];
    entry[0] += (e.dur ?? 0) / 1000;
    entry[1] += (e.tdur ?? 0) / 1000;
    entry[2]++;
    byName.set(e.name, entry);
  }
  const mainEvents = [...byName]
    .sort((a, b) => b[1][0] - a[1][0])
    .slice(0, 25)
    .map(([name, [ms, cpu, n]]): [string, number, number, number] => [
      name,
      round(ms),
      round(cpu),
      n,
    ]);
  return { threads, mainEvents };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time per function of a sampled CPU profile. */
function selfTimes(profile: {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber}`;
    totals.set(key, (totals.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  return [...totals]
    .filter(([key]) => !key.startsWith('(idle)') && !key.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)
    .map(([key, ms]) => [key, round(ms)]);
}

async function waitState(page: Page, state: string): Promise<void> {
  await page
    .locator(`[data-testid="app-status"][data-state="${state}"]`)
    .waitFor({ timeout: 300_000 });
}

/** The renderer's pid, from the page's own trace metadata (the process that ran its main frame). */
function rendererPid(events: TraceEvent[]): number | null {
  const commit = events.find(
    (e) => e.name === 'CommitLoad' || e.name === 'TracingStartedInBrowser',
  );
  const frames = (commit?.args as { data?: { frames?: { processId?: number }[] } } | undefined)
    ?.data?.frames;
  return frames?.[0]?.processId ?? null;
}

export async function traceInPageStep(
  browser: Browser,
  origin: string,
  {
    steps = 40,
    runs = 1,
    jsProfile = false,
    categories = [],
    save,
    css,
  }: {
    steps?: number;
    /** Runs timed after the first (each traced on its own). */
    runs?: number;
    jsProfile?: boolean;
    categories?: string[];
    save?: string;
    /** A style sheet added after the first run: to see what hiding a view saves. */
    css?: string;
  } = {},
  stepTimes: (page: Page) => Promise<{ modelMs: number; totalMs: number }>,
): Promise<StepTrace[]> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  try {
    const query = new URLSearchParams({
      model: 'gpt2-shaped',
      ep: 'wasm',
      strategy: 'greedy',
      steps: String(steps),
      prompt: 'Once upon a time',
      autoplay: '1',
    });
    await page.goto(`${origin}/?${query}`);
    await waitState(page, 'done');
    if (css) await page.addStyleTag({ content: css });
    let cdp: CDPSession | null = null;
    if (jsProfile) {
      cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    }
    const traces: StepTrace[] = [];
    for (let run = 0; run < runs; run++) {
      await browser.startTracing(page, {
        categories: [
          'toplevel',
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          ...categories,
        ],
      });
      if (cdp) await cdp.send('Profiler.start');
      const t0 = performance.now();
      await generateAgain(page);
      const wallMs = Math.round(performance.now() - t0);
      const profile = cdp ? (await cdp.send('Profiler.stop')).profile : null;
      const raw = (await browser.stopTracing()).toString();
      if (save) writeFileSync(`${save}.${run}`, raw);
      if (save && profile) writeFileSync(`${save}.${run}.cpuprofile`, JSON.stringify(profile));
      const trace = JSON.parse(raw) as {
        traceEvents: TraceEvent[];
      };
      const times = await stepTimes(page);
      traces.push({
        wallMs,
        ...times,
        ...summariseThreads(trace.traceEvents, rendererPid(trace.traceEvents)),
        jsSelf: profile ? selfTimes(profile) : [],
      });
    }
    return traces;
  } finally {
    await context.close();
  }
}
