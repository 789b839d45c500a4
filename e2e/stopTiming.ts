/**
 * Timing a Stop against the engine worker's steps. The page counts the steps it receives (to
 * click Stop after a few); the worker logs every step it posts and the moment it reads each
 * cancel. Both sides stamp times on the shared clock (timeOrigin + now), so the steps the worker
 * had posted when Stop was clicked can be told from those it computed after, whatever the
 * page's main thread was busy with at the time.
 */
import type { Page, Worker } from '@playwright/test';

interface EngineLog {
  /** Step numbers as the worker posted them, with when. */
  posted: { step: number; at: number }[];
  /** Each cancel the worker read: when, and the last step it had posted by then. */
  cancels: { at: number; lastStep: number }[];
}

type WithLog = { engineLog: EngineLog };
type WithCounter = { engineSteps: { steps: number } };

/** Makes the page count the `step` events it receives from the engine worker (before loading). */
export async function countArrivingSteps(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counter = { steps: 0 };
    (window as unknown as WithCounter).engineSteps = counter;
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name !== 'stepwise-engine') return;
        this.addEventListener('message', (event: MessageEvent<{ kind?: string }>) => {
          if (event.data?.kind === 'step') counter.steps++;
        });
      }
    };
  });
}

/**
 * Makes the engine worker log its posted steps and the cancels it reads (see EngineLog), and hold
 * each step `stepMs` before posting it. tiny-gpt2's steps take a few ms: with the page's main
 * thread starved by a busy CPU, the worker ran a whole 1 000-step run before the page could click
 * Stop. A held step stands in for a larger model's; the worker sleeps (Atomics.wait), using no CPU.
 */
export async function logEngine(worker: Worker, stepMs = 10): Promise<void> {
  await worker.evaluate((holdMs) => {
    const scope = self as unknown as DedicatedWorkerGlobalScope & WithLog;
    // Cross-origin isolated, as the preview server serves the app: SharedArrayBuffer exists.
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    const log: EngineLog = { posted: [], cancels: [] };
    scope.engineLog = log;
    const clock = () => performance.timeOrigin + performance.now();
    let lastStep = 0;
    const post = scope.postMessage.bind(scope);
    scope.postMessage = (message: { kind?: string; record?: { step: number } }) => {
      if (message.kind === 'step' && message.record) {
        Atomics.wait(sleeper, 0, 0, holdMs);
        lastStep = message.record.step;
        log.posted.push({ step: lastStep, at: clock() });
      }
      post(message);
    };
    const handle = scope.onmessage!;
    scope.onmessage = (event: MessageEvent<{ kind?: string }>) => {
      if (event.data?.kind === 'cancel') log.cancels.push({ at: clock(), lastStep });
      handle.call(scope, event);
    };
  }, stepMs);
}

/**
 * Clicks Stop, from inside the page, once it has received `steps` step events (a round trip to
 * the test runner lasts several of a small model's steps); returns when, on the shared clock.
 */
export const stopAfter = (page: Page, steps: number): Promise<number> =>
  page.evaluate(
    (target) =>
      new Promise<number>((resolve) => {
        const counter = (window as unknown as WithCounter).engineSteps;
        const check = () => {
          if (counter.steps < target) return void setTimeout(check, 1);
          document.querySelector<HTMLButtonElement>('[data-testid="stop-button"]')!.click();
          resolve(performance.timeOrigin + performance.now());
        };
        check();
      }),
    steps,
  );

/** How many step events the page has received so far. */
export const stepsReceived = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as WithCounter).engineSteps.steps);

/**
 * For the last Stop, clicked at `clickAt`: the last step the worker had posted by the click, and
 * the last it had posted when it read the cancel.
 */
export async function stopReport(
  worker: Worker,
  clickAt: number,
): Promise<{ postedByClick: number; postedByRead: number }> {
  const log = await worker.evaluate(() => (self as unknown as WithLog).engineLog);
  const cancel = log.cancels.at(-1);
  if (!cancel) throw new Error('the worker read no cancel');
  const before = log.posted.filter((p) => p.at <= clickAt);
  return { postedByClick: before.at(-1)?.step ?? 0, postedByRead: cancel.lastStep };
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
