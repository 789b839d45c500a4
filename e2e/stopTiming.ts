/**
 * Timing a Stop against the engine worker's steps. The page counts the steps it receives (to
 * click Stop after a few); the worker writes the number of each step it posts into memory it
 * shares with the page, and logs the last step it had posted when it read each cancel. At the
 * click the page reads that shared number: the steps the worker had posted by then are told from
 * those it computed after without comparing two clocks. (The page's and the worker's
 * `performance.timeOrigin + now()` are not one clock: each context converts its monotonic time to
 * Unix time with its own reading of the wall clock, taken when it started, and the two can differ
 * by more than a step: steps posted before the click then count as computed after it.)
 */
import type { Page, Worker } from '@playwright/test';

interface EngineLog {
  /** For each cancel the worker read, the last step it had posted by then. */
  cancels: number[];
}

/** The message that hands the worker the page's shared step number; never reaches the app. */
const SHARE = 'stepwise-test-posted';

type WithLog = { engineLog: EngineLog };
interface PageCounter {
  /** The `step` events the page has received. */
  steps: number;
  /** [0]: the last step the worker posted, shared with it (after logEngine). */
  posted: Int32Array;
  /** The engine worker, once the app started it. */
  worker: { postMessage(message: unknown): void } | null;
}
type WithCounter = { engineSteps: PageCounter };

/**
 * Makes the page count the `step` events it receives from the engine worker, and keep the worker
 * and a shared step number for logEngine (before loading). The preview server makes the page
 * cross-origin isolated, so SharedArrayBuffer exists.
 */
export async function countArrivingSteps(page: Page): Promise<void> {
  await page.addInitScript(() => {
    // Only a cross-origin isolated document has SharedArrayBuffer (the app's, not about:blank).
    const memory = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(4) : null;
    const counter: PageCounter = {
      steps: 0,
      posted: memory ? new Int32Array(memory) : new Int32Array(1),
      worker: null,
    };
    (window as unknown as WithCounter).engineSteps = counter;
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name !== 'stepwise-engine') return;
        counter.worker = this;
        this.addEventListener('message', (event: MessageEvent<{ kind?: string }>) => {
          if (event.data?.kind === 'step') counter.steps++;
        });
      }
    };
  });
}

/**
 * Makes the engine worker write each step it posts into the page's shared step number and log
 * the cancels it reads (see EngineLog), and hold each step `stepMs` before posting it.
 * tiny-gpt2's steps take a few ms: with the page's main thread starved by a busy CPU, the worker
 * ran a whole 1 000-step run before the page could click Stop. A held step stands in for a larger
 * model's; the worker sleeps (Atomics.wait), using no CPU. Needs countArrivingSteps before loading.
 */
export async function logEngine(page: Page, worker: Worker, stepMs = 10): Promise<void> {
  await worker.evaluate(
    ([holdMs, share]) => {
      const scope = self as unknown as DedicatedWorkerGlobalScope & WithLog;
      const sleeper = new Int32Array(new SharedArrayBuffer(4));
      const log: EngineLog = { cancels: [] };
      scope.engineLog = log;
      let shared: Int32Array | null = null;
      let lastStep = 0;
      const post = scope.postMessage.bind(scope);
      scope.postMessage = (message: { kind?: string; record?: { step: number } }) => {
        if (message.kind === 'step' && message.record) {
          Atomics.wait(sleeper, 0, 0, holdMs);
          lastStep = message.record.step;
          if (shared) Atomics.store(shared, 0, lastStep);
        }
        post(message);
      };
      const handle = scope.onmessage!;
      scope.onmessage = (event: MessageEvent<{ kind?: string; posted?: Int32Array }>) => {
        if (event.data?.kind === share) {
          shared = event.data.posted ?? null;
          if (shared) Atomics.store(shared, 0, lastStep);
          return;
        }
        if (event.data?.kind === 'cancel') log.cancels.push(lastStep);
        handle.call(scope, event);
      };
    },
    [stepMs, SHARE] as const,
  );
  // Posted before any later request of the page (Generate, Continue): the worker has it by then.
  await page.evaluate((share) => {
    const counter = (window as unknown as WithCounter).engineSteps;
    if (!counter.worker) throw new Error('the page kept no engine worker');
    counter.worker.postMessage({ kind: share, posted: counter.posted });
  }, SHARE);
}

/**
 * Clicks Stop, from inside the page, once it has received `steps` step events (a round trip to
 * the test runner lasts several of a small model's steps); returns the last step the worker had
 * posted by the click, read from the shared step number right after the click posted the cancel.
 */
export const stopAfter = (page: Page, steps: number): Promise<number> =>
  page.evaluate(
    (target) =>
      new Promise<number>((resolve) => {
        const counter = (window as unknown as WithCounter).engineSteps;
        const check = () => {
          if (counter.steps < target) return void setTimeout(check, 1);
          document.querySelector<HTMLButtonElement>('[data-testid="stop-button"]')!.click();
          resolve(Atomics.load(counter.posted, 0));
        };
        check();
      }),
    steps,
  );

/** How many step events the page has received so far. */
export const stepsReceived = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as WithCounter).engineSteps.steps);

/**
 * For the last Stop, whose click found `postedByClick` posted (stopAfter): that step, and the
 * last step the worker had posted when it read the cancel.
 */
export async function stopReport(
  worker: Worker,
  postedByClick: number,
): Promise<{ postedByClick: number; postedByRead: number }> {
  const log = await worker.evaluate(() => (self as unknown as WithLog).engineLog);
  const postedByRead = log.cancels.at(-1);
  if (postedByRead === undefined) throw new Error('the worker read no cancel');
  return { postedByClick, postedByRead };
}

/**
 * Makes the page click `stopTestId` the moment an element with `itemTestId` is first drawn (a
 * MutationObserver inside the page: a round trip to the test runner lasts many of a small model's
 * steps, so under a busy CPU a run could end before a click sent from here arrives). Call before
 * starting the run; the returned promise settles when the click has happened.
 */
export const stopOnFirst = (page: Page, itemTestId: string, stopTestId: string): Promise<void> =>
  page.evaluate(
    ([item, stop]) =>
      new Promise<void>((resolve) => {
        const click = (): boolean => {
          if (!document.querySelector(`[data-testid="${item}"]`)) return false;
          document.querySelector<HTMLButtonElement>(`[data-testid="${stop}"]`)!.click();
          resolve();
          return true;
        };
        const observer = new MutationObserver(() => {
          if (click()) observer.disconnect();
        });
        observer.observe(document.body, { childList: true, subtree: true });
      }),
    [itemTestId, stopTestId] as const,
  );
