/**
 * The module Web Worker that hosts the engine. It only wires messages to EngineHost: the page's
 * main thread never runs the model, so the timeline stays smooth while tokens are computed.
 */
import { fetchModelFiles } from '../engine/modelFiles';
import { probeAdapter, type GpuLike } from './backend';
import { EngineHost } from './engineHost';
import { nextTask } from './nextTask';
import { createWebSession } from './ortWeb';
import type { WorkerEvent, WorkerRequest } from './protocol';
import { openModelCache } from '../engine/modelFiles';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/**
 * onnxruntime-web's WASM threads are workers named `em-pthread…` that load the runtime build's own
 * script; should a bundler ever merge that script into this one, they must keep the runtime's
 * message handler, so only the real engine worker wires ours.
 */
const isRuntimeThread = scope.name.startsWith('em-pthread');

const host = new EngineHost({
  post: (event: WorkerEvent) => scope.postMessage(event),
  fetchModel: async (spec, baseHref, onProgress, signal) =>
    fetchModelFiles(spec, {
      // Downloads and picked files are cached: app-served models are already local.
      cache: spec.origin === 'local' ? null : await openModelCache(),
      onProgress,
      signal,
      baseHref,
    }),
  // Loaded on the first build only: the writer (protobufjs) stays out of every other load.
  buildModel: async (spec, onDownload, onBuild, signal) => {
    const { ensureBuilt } = await import('../engine/build/browserBuild');
    await ensureBuilt(spec, { cache: await openModelCache(), signal, onDownload, onBuild });
  },
  createSession: createWebSession,
  probeAdapter: () => probeAdapter((navigator as unknown as { gpu?: GpuLike }).gpu),
  now: () => performance.now(),
  nextTask,
});

if (!isRuntimeThread) {
  scope.onmessage = (message: MessageEvent<WorkerRequest>) => {
    void host.handle(message.data);
  };
}
