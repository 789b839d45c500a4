/**
 * The bench's module Web Worker: one request per worker (numThreads is fixed by the first
 * session, so each thread count gets a fresh worker). Answers with BenchReply messages.
 */
import type { GpuLike } from '../../src/worker/backend';
import { probeAdapter } from '../../src/worker/backend';
import { runApp } from './appRun';
import { runBeam } from './beamRun';
import { runBuild } from './buildRun';
import { runInspect } from './inspectRun';
import { freshMemoryProbeMs, jsProbeMs } from '../shared/probes';
import { type BenchReply, type BenchRequest, type BenchResult } from '../shared/protocol';
import { errorMessage } from '../../src/engine/errorMessage';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (reply: BenchReply): void => scope.postMessage(reply);
const log = (line: string): void => post({ kind: 'log', line });

async function handle(request: BenchRequest): Promise<BenchResult> {
  switch (request.kind) {
    case 'probe':
      return {
        kind: 'probe',
        crossOriginIsolated: globalThis.crossOriginIsolated,
        hardwareConcurrency: navigator.hardwareConcurrency,
        userAgent: navigator.userAgent,
        adapter: await probeAdapter((navigator as unknown as { gpu?: GpuLike }).gpu),
        jsProbeMs: jsProbeMs(),
        freshMemoryProbeMs: freshMemoryProbeMs(),
      };
    case 'app':
      return runApp(request, log);
    case 'inspect':
      return runInspect(request, log);
    case 'build':
      return runBuild(request, log);
    case 'beam':
      return runBeam(request, log);
    case 'tjs': {
      // Loaded only here, so the app's runs never load a second onnxruntime-web.
      const { runTjs } = await import('./tjsRun');
      return runTjs(request, log);
    }
    default: {
      const never: never = request;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
}

// onnxruntime-web's own thread workers may load this bundle too: leave them alone.
if (!scope.name.startsWith('em-pthread')) {
  scope.onmessage = (message: MessageEvent<BenchRequest>) => {
    handle(message.data).then(
      (result) => post({ kind: 'result', result }),
      (error: unknown) => post({ kind: 'error', message: errorMessage(error) }),
    );
  };
}
