/**
 * The worker's brain as a plain class: it takes requests and posts events, with the runtime, the
 * network and the clock injected. The Web Worker file only wires it to `postMessage`, so the whole
 * protocol runs under Vitest with onnxruntime-node.
 */
import { KvCacheDecoder, ModelRunError, type TensorClass } from '../engine/decoder';
import { Generation, type GenerationConfig } from '../engine/generation';
import { forBackend, type ModelSpec } from '../engine/modelCatalog';
import type { ModelShape } from '../engine/modelShape';
import type { FileProgress, ModelFiles } from '../engine/modelFiles';
import type { InferenceSession } from 'onnxruntime-web';
import { message as translatable } from '../i18n/message';
import { chooseBackend } from './backend';
import { describeError, HostError, isDamagedModelError, isTokenId } from './hostErrors';
import type { AdapterReport, Backend, WorkerEvent, WorkerRequest } from './protocol';

export interface CreatedSession {
  session: InferenceSession;
  threads: number;
  /** The tensor class of the runtime that made the session: its feeds are made with it. */
  Tensor: TensorClass;
}

export interface HostDeps {
  post(event: WorkerEvent): void;
  fetchModel(
    spec: ModelSpec,
    baseHref: string,
    onProgress: (p: FileProgress) => void,
    signal: AbortSignal,
  ): Promise<ModelFiles>;
  /** `shape` is the model's (from its config): WebGPU keeps each layer's cache outputs on the GPU. */
  createSession(bytes: Uint8Array, backend: Backend, shape: ModelShape): Promise<CreatedSession>;
  probeAdapter(): Promise<AdapterReport | null>;
  now(): number;
}

export class EngineHost {
  private decoder: KvCacheDecoder | null = null;
  private session: InferenceSession | null = null;
  private generation: Generation | null = null;
  /** What the loaded session runs on, and where its files came from (to reopen them on WASM). */
  private loaded: { backend: Backend; model: ModelSpec; baseHref: string } | null = null;
  /** Serialises model work: one request touches the session at a time. */
  private queue: Promise<void> = Promise.resolve();
  /** Bumped by every cancel; work queued before a bump sees it and stops. */
  private cancelEpoch = 0;
  private download: AbortController | null = null;

  constructor(private readonly deps: HostDeps) {}

  handle(request: WorkerRequest): Promise<void> {
    switch (request.kind) {
      case 'cancel':
        // Takes effect between steps (a model run cannot be interrupted) and aborts downloads;
        // it runs at once, not behind the queue.
        // The generation stays resumable: a later `step` continues it.
        this.cancelEpoch++;
        this.download?.abort();
        return Promise.resolve();
      case 'load':
      case 'generate':
        // A new model or a new run replaces whatever is going on: stop it first.
        this.cancelEpoch++;
        this.download?.abort();
        return this.enqueue(request);
      case 'step':
        return this.enqueue(request);
      default: {
        const unknown: never = request;
        throw new Error(`unknown request ${JSON.stringify(unknown)}`);
      }
    }
  }

  private enqueue(request: WorkerRequest): Promise<void> {
    const epoch = this.cancelEpoch;
    const task = this.queue.then(() => this.run(request, epoch));
    this.queue = task.catch(() => undefined);
    return task;
  }

  private async run(request: WorkerRequest, epoch: number): Promise<void> {
    try {
      if (request.kind === 'load') await this.load(request, epoch);
      else if (request.kind === 'generate') await this.generate(request, epoch);
      else if (request.kind === 'step') await this.step(request, epoch);
    } catch (error) {
      this.deps.post({ kind: 'error', id: request.id, ...describeError(error) });
    }
  }

  private async load(request: Extract<WorkerRequest, { kind: 'load' }>, epoch: number) {
    const { id, model, ep, baseHref } = request;
    const { deps } = this;
    const started = deps.now();
    await this.unload();

    // The backend first: it decides which of the folder's files to download (forBackend).
    const adapter = ep === 'wasm' ? null : await deps.probeAdapter();
    let choice = chooseBackend(ep, adapter);
    const fetchFor = (backend: Backend): Promise<ModelFiles> =>
      this.fetchFiles(model, backend, baseHref, epoch, (p) =>
        deps.post({ kind: 'progress', id, phase: 'download', ...p }),
      );
    let files = await fetchFor(choice.backend);
    deps.post({ kind: 'progress', id, phase: 'session', loaded: 0, total: null });
    let created: CreatedSession;
    try {
      created = await deps.createSession(files.modelBytes, choice.backend, files.shape);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (choice.backend === 'webgpu' && !isDamagedModelError(message)) {
        // WebGPU can fail where WASM works (driver limits, lost device): fall back and say so.
        const note = translatable('backendWebgpuFailed', { reason: message });
        choice = { backend: 'wasm', adapter, note };
        // WASM reads another file first where the folder has one (forBackend): fetch that one.
        // Should that fail (offline, say), WASM runs the file already here, slower at long
        // contexts but the same tokens; a cancel still stops the load.
        if (forBackend(model, 'wasm').modelFiles[0] !== forBackend(model, 'webgpu').modelFiles[0]) {
          files = await fetchFor('wasm').catch((refetch: unknown) => {
            if (epoch !== this.cancelEpoch) throw refetch;
            return files;
          });
          deps.post({ kind: 'progress', id, phase: 'session', loaded: 0, total: null });
        }
        created = await this.createOrExplain(files, 'wasm');
      } else created = await this.createOrExplain(files, choice.backend, error);
    }
    const decoder = new KvCacheDecoder(created.session, files.shape, created.Tensor);
    // One warm-up step compiles kernels (shaders on WebGPU) and lays out the cache's memory
    // for the whole context before the user's first token.
    deps.post({ kind: 'progress', id, phase: 'warmup', loaded: 0, total: null });
    await decoder.warmUp();
    this.session = created.session;
    this.decoder = decoder;
    this.loaded = { backend: choice.backend, model, baseHref };
    deps.post({
      kind: 'ready',
      id,
      modelId: model.id,
      shape: files.shape,
      backend: choice.backend,
      threads: created.threads,
      adapter: choice.adapter,
      backendNote: choice.note,
      fromCache: files.fromCache,
      loadMs: deps.now() - started,
    });
  }

  private async createOrExplain(
    files: ModelFiles,
    backend: Backend,
    earlier?: unknown,
  ): Promise<CreatedSession> {
    try {
      if (earlier) throw earlier;
      return await this.deps.createSession(files.modelBytes, backend, files.shape);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!isDamagedModelError(message)) throw error;
      // The page explains the code in the user's language; the runtime's words are the detail.
      throw new HostError(message, 'model_damaged');
    }
  }

  /**
   * A model run failed. On WebGPU (a lost device, a driver limit met mid-run) the same model is
   * opened again on WASM and everything read so far is prefilled there: the run goes on from the
   * step that failed, with the same tokens, and the page is told. Elsewhere the failure stands.
   */
  private async recover(
    id: number,
    failure: unknown,
    promptIds: readonly number[],
    config: GenerationConfig,
    history: readonly number[],
  ): Promise<Generation> {
    const { loaded, deps } = this;
    // Only a failing run is a failing GPU: a refused prompt or token fails on WASM just the same.
    if (loaded?.backend !== 'webgpu' || !(failure instanceof ModelRunError)) throw failure;
    const reason = failure.message;
    await this.unload();
    // The bytes are fetched again (from the HTTP or model cache) rather than kept for a fallback
    // that rarely comes: the fp32 GPT-2 holds 500 MB.
    const files = await this.fetchFiles(loaded.model, 'wasm', loaded.baseHref, this.cancelEpoch);
    const created = await deps.createSession(files.modelBytes, 'wasm', files.shape);
    const decoder = new KvCacheDecoder(created.session, files.shape, created.Tensor);
    // As at load: the cache's memory for the whole context and the kernels, before the prefill.
    await decoder.warmUp();
    this.session = created.session;
    this.decoder = decoder;
    this.loaded = { ...loaded, backend: 'wasm' };
    const backendNote = translatable('backendWebgpuFailed', { reason });
    const step = history.length + 1;
    const { threads } = created;
    deps.post({ kind: 'fallback', id, backend: 'wasm', threads, backendNote, reason, step });
    return Generation.start(this.decoder, promptIds, config, history);
  }

  /** Downloads the file `backend` reads first (forBackend); a cancel after `epoch` aborts it. */
  private fetchFiles(
    model: ModelSpec,
    backend: Backend,
    baseHref: string,
    epoch: number,
    onProgress: (p: FileProgress) => void = () => undefined,
  ): Promise<ModelFiles> {
    this.download = new AbortController();
    if (epoch !== this.cancelEpoch) this.download.abort();
    const spec = forBackend(model, backend);
    return this.deps
      .fetchModel(spec, baseHref, onProgress, this.download.signal)
      .finally(() => (this.download = null));
  }

  /** Drops the generation, the decoder's cache and the session: nothing is loaded afterwards. */
  private async unload(): Promise<void> {
    this.generation = null;
    this.loaded = null;
    this.decoder?.dispose();
    this.decoder = null;
    await this.session?.release().catch(() => undefined);
    this.session = null;
  }

  private requireDecoder(): KvCacheDecoder {
    if (!this.decoder) throw new HostError('no model is loaded yet', 'no_model');
    return this.decoder;
  }

  private async generate(
    request: Extract<WorkerRequest, { kind: 'generate' }>,
    epoch: number,
  ): Promise<void> {
    const decoder = this.requireDecoder();
    const started = this.deps.now();
    this.generation = null;
    const { id, promptIds, config } = request;
    const history = request.history ?? [];
    const generation = await Generation.start(decoder, promptIds, config, history).catch(
      (error: unknown) => this.recover(id, error, promptIds, config, history),
    );
    this.generation = generation;
    this.deps.post({
      kind: 'prefill',
      id: request.id,
      promptLength: request.promptIds.length + history.length,
      ms: this.deps.now() - started,
    });
    await this.advance(request.id, request.run, epoch, request.forcedTokenId);
  }

  private async step(
    request: Extract<WorkerRequest, { kind: 'step' }>,
    epoch: number,
  ): Promise<void> {
    if (!this.generation) {
      throw new HostError('there is no generation to continue: press Generate', 'bad_request');
    }
    if (request.maxSteps !== undefined) this.generation.setMaxSteps(request.maxSteps);
    await this.advance(request.id, request.run, epoch, request.forcedTokenId);
  }

  /**
   * Runs up to `run` steps of the current generation, posting each as it comes. A cancel (Stop)
   * between two steps pauses it; the generation stays ready for the next `step` request.
   */
  private async advance(
    id: number,
    run: number | 'all',
    epoch: number,
    forcedTokenId?: number,
  ): Promise<void> {
    let generation = this.generation!;
    // Checked here to answer `bad_request` (Generation.next refuses it too, as a plain error).
    const { vocab } = this.requireDecoder().shape;
    if (forcedTokenId !== undefined && !isTokenId(forcedTokenId, vocab)) {
      const range = `ids run from 0 to ${vocab - 1}`;
      throw new HostError(`cannot force token ${forcedTokenId}: ${range}`, 'bad_request');
    }
    let forced = forcedTokenId;
    for (let done = 0; run === 'all' || done < run; done++) {
      if (epoch !== this.cancelEpoch) break;
      const outcome = await generation.next(forced).catch(async (error: unknown) => {
        const { promptIds, config, generatedIds } = generation;
        this.generation = generation = await this.recover(
          id,
          error,
          promptIds,
          config,
          generatedIds,
        );
        return generation.next(forced);
      });
      forced = undefined;
      if (outcome.kind === 'stop') {
        this.deps.post({
          kind: 'done',
          id,
          reason: outcome.reason,
          steps: generation.stepCount,
        });
        return;
      }
      this.deps.post({ kind: 'step', id, record: outcome.record });
    }
    const steps = generation.stepCount;
    const reason = generation.stopped ?? (steps >= generation.config.maxSteps ? 'max_steps' : null);
    this.deps.post(reason ? { kind: 'done', id, reason, steps } : { kind: 'paused', id, steps });
  }
}
