/**
 * The bench page: `window.stepwiseBench(request)` runs one request in a fresh module worker and
 * resolves with its result. Playwright calls it from bench/run.ts.
 */
import type { BenchReply, BenchRequest, BenchResult } from '../shared/protocol';

window.stepwiseBenchLog = [];

window.stepwiseBench = (request: BenchRequest): Promise<BenchResult> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: 'bench',
    });
    const finish = (): void => worker.terminate();
    worker.onmessage = (message: MessageEvent<BenchReply>) => {
      const reply = message.data;
      if (reply.kind === 'log') {
        window.stepwiseBenchLog.push(reply.line);
        console.log(`[bench] ${reply.line}`);
      } else if (reply.kind === 'result') {
        finish();
        resolve(reply.result);
      } else {
        finish();
        reject(new Error(reply.message));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(`worker error: ${event.message}`));
    };
    worker.postMessage(request);
  });

document.body.dataset.ready = String(globalThis.crossOriginIsolated);
