/**
 * How the worker opens a model: the backend chosen, the files built or downloaded in that
 * backend's order, the session created and warmed, and WebGPU's failure answered by WASM. The
 * host (engineHost.ts) keeps what is loaded; this file only gets it there.
 */
import { forBackend, type ModelSpec } from '../engine/modelCatalog';
import type { FileProgress, ModelFiles } from '../engine/modelFiles';
import { errorMessage } from '../engine/errorMessage';
import { message as translatable } from '../i18n/message';
import { chooseBackend, type BackendChoice } from './backend';
import { buildIfBuilt } from './buildStep';
import type { HostDeps } from './hostDeps';
import { isDamagedModelError } from './hostErrors';
import { explained, openWarm, type Opened } from './openWarm';
import type { Backend, WorkerRequest } from './protocol';

/** One piece of work's downloads: each gets a signal that a cancel (Stop, a newer load) aborts. */
export interface Downloads {
  /** A signal for the next download, aborted already if the work was cancelled before. */
  start(): AbortSignal;
  /** The download ended (done, failed or aborted). */
  finish(): void;
  /** Whether the work these downloads serve was cancelled. */
  cancelled(): boolean;
}

/** Downloads the first of `model`'s files that exists, in `backend`'s order (forBackend). */
export function fetchFiles(
  deps: HostDeps,
  model: ModelSpec,
  backend: Backend,
  baseHref: string,
  downloads: Downloads,
  onProgress: (p: FileProgress) => void = () => undefined,
): Promise<ModelFiles> {
  const signal = downloads.start();
  const spec = forBackend(model, backend);
  return deps.fetchModel(spec, baseHref, onProgress, signal).finally(() => downloads.finish());
}

/**
 * Builds `model`'s missing files from its original weights, with the weights' download progress
 * and one `build` progress per file; a cancel aborts it (between files).
 */
async function build(deps: HostDeps, id: number, model: ModelSpec, downloads: Downloads) {
  const signal = downloads.start();
  try {
    await buildIfBuilt(
      deps,
      model,
      (p) => deps.post({ kind: 'progress', id, phase: 'download', ...p }),
      (p) =>
        deps.post({
          kind: 'progress',
          id,
          phase: 'build',
          file: p.file,
          loaded: p.done,
          total: p.total,
        }),
      signal,
    );
  } finally {
    downloads.finish();
  }
}

export interface OpenedModel {
  opened: Opened;
  choice: BackendChoice;
  files: ModelFiles;
}

/**
 * Opens the model a `load` request names, posting its progress. On WebGPU a failure at session
 * creation or in the warm-up's first run falls back to WASM, with a note saying so.
 */
export async function openModel(
  deps: HostDeps,
  request: Extract<WorkerRequest, { kind: 'load' }>,
  downloads: Downloads,
): Promise<OpenedModel> {
  const { id, model, ep, baseHref } = request;
  // The backend first: it decides which of the folder's files to download (forBackend).
  const adapter = ep === 'wasm' ? null : await deps.probeAdapter();
  let choice = chooseBackend(ep, adapter, model);
  const fetchFor = (spec: ModelSpec, backend: Backend): Promise<ModelFiles> =>
    fetchFiles(deps, spec, backend, baseHref, downloads, (p) =>
      deps.post({ kind: 'progress', id, phase: 'download', ...p }),
    );
  const phase = (name: 'session' | 'warmup'): void =>
    deps.post({ kind: 'progress', id, phase: name, loaded: 0, total: null });
  // A model built in the browser: its files are made (or found whole in the cache) first.
  if (model.origin === 'built') await build(deps, id, model, downloads);
  let files = await fetchFor(model, choice.backend);
  let opened: Opened;
  try {
    opened = await openWarm(deps.createSession, files, choice.backend, phase);
  } catch (error) {
    const message = errorMessage(error);
    if (choice.backend !== 'webgpu' || isDamagedModelError(message)) throw explained(error);
    // WebGPU can fail where WASM works (driver limits, a lost device; at session creation or
    // in the warm-up's first run): fall back and say so.
    const note = translatable('backendWebgpuFailed', { reason: message });
    choice = { backend: 'wasm', adapter, note };
    // A file WASM reads before this one (the slots file), where the folder has one; should its
    // download fail (offline, say), WASM runs these bytes: slower at long contexts, same tokens.
    const order = forBackend(model, 'wasm').modelFiles;
    const better = order.slice(0, Math.max(0, order.indexOf(files.modelFile)));
    if (better.length > 0) {
      const kept = files;
      files = await fetchFor({ ...model, modelFiles: better }, 'wasm').catch((e: unknown) => {
        if (downloads.cancelled()) throw e; // a cancel still stops the load
        return kept;
      });
    }
    opened = await openWarm(deps.createSession, files, 'wasm', phase).catch((e: unknown) => {
      throw explained(e);
    });
  }
  return { opened, choice, files };
}
