/**
 * The worker's brain as a plain class: it takes requests and posts events, with the runtime, the
 * network and the clock injected. The Web Worker file only wires it to `postMessage`, so the whole
 * protocol runs under Vitest with onnxruntime-node.
 */
import { KvCacheDecoder, ModelRunError } from '../engine/decoder';
import { Generation, type GenerationConfig } from '../engine/generation';
import { configProblem } from '../engine/limits';
import type { ModelSpec } from '../engine/modelCatalog';
import type { InferenceSession } from 'onnxruntime-web';
import { message as translatable } from '../i18n/message';
import type { HostDeps } from './hostDeps';
import { describeError, HostError, isAbort, isTokenId } from './hostErrors';
import { InspectHost } from './inspectHost';
import { StrategyRunner } from './strategyRunner';
import { openWarm } from './openWarm';
import { fetchFiles, openModel, type Downloads } from './modelOpening';
import type { Backend, WorkerEvent, WorkerRequest } from './protocol';
import type { Vocabulary } from '../engine/vocabulary/types';
import { viewedBy } from './stepViews';

export class EngineHost {
  private decoder: KvCacheDecoder | null = null;
  private session: InferenceSession | null = null;
  private generation: Generation | null = null;
  /**
   * The loaded model's own vocabulary (a Llama-family model's tokenizer.json): its steps' token
   * views are made with it. Null for GPT-2's family, whose views the generation makes.
   */
  private vocabulary: Vocabulary | null = null;
  /** What the loaded session runs on, and where its files came from (to reopen them on WASM). */
  private loaded: { backend: Backend; model: ModelSpec; baseHref: string } | null = null;
  /** Serialises model work: one request touches the session at a time. */
  private queue: Promise<void> = Promise.resolve();
  /** Bumped by every cancel; work queued before a bump sees it and stops. */
  private cancelEpoch = 0;
  private download: AbortController | null = null;
  private readonly inspector: InspectHost;
  private readonly strategies: StrategyRunner;

  constructor(private readonly deps: HostDeps) {
    this.inspector = new InspectHost(deps);
    this.strategies = new StrategyRunner(deps);
  }

  handle(request: WorkerRequest): Promise<void> {
    switch (request.kind) {
      case 'cancel':
        // Takes effect between steps (a model run cannot be interrupted; the step loop gives the
        // event loop a turn so that this message is read) and aborts downloads; it runs at once,
        // not behind the queue. The generation stays resumable: a later `step` continues it.
        this.cancelEpoch++;
        this.download?.abort();
        return Promise.resolve();
      case 'load':
      case 'generate':
      case 'strategy':
        // A new model or a new run replaces whatever is going on: stop it first.
        this.cancelEpoch++;
        this.download?.abort();
        return this.enqueue(request);
      case 'step':
        return this.enqueue(request);
      case 'inspect':
        this.inspector.arrived(request);
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
      else if (request.kind === 'strategy') await this.strategy(request, epoch);
      else if (request.kind === 'inspect') {
        const { loaded, decoder } = this;
        const target = loaded && decoder ? { ...loaded, shape: decoder.shape } : null;
        await this.inspector.inspect(request, target);
      }
    } catch (error) {
      // A download aborted by a cancel is what the user asked for, not a failure.
      const event: WorkerEvent =
        this.cancelled(epoch) && isAbort(error)
          ? { kind: 'cancelled', id: request.id }
          : { kind: 'error', id: request.id, ...describeError(error) };
      this.deps.post(event);
    }
  }

  /** Whether a cancel (or a newer load or generate) came after the work of `epoch` was queued. */
  private cancelled(epoch: number): boolean {
    return epoch !== this.cancelEpoch;
  }

  private async load(request: Extract<WorkerRequest, { kind: 'load' }>, epoch: number) {
    const { id, model, baseHref } = request;
    const { deps } = this;
    const started = deps.now();
    await this.unload();
    const { opened, choice, files } = await openModel(deps, request, this.downloads(epoch));
    const { created, decoder } = opened;
    this.session = created.session;
    this.decoder = decoder;
    this.loaded = { backend: choice.backend, model, baseHref };
    this.vocabulary = files.tokenizer?.vocabulary ?? null;
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
      ...(files.tokenizer ? { tokenizer: files.tokenizer.files } : {}),
    });
  }

  /** The downloads of the work queued at `epoch`: one at a time, aborted by a later cancel. */
  private downloads(epoch: number): Downloads {
    return {
      start: () => {
        this.download = new AbortController();
        if (this.cancelled(epoch)) this.download.abort();
        return this.download.signal;
      },
      finish: () => (this.download = null),
      cancelled: () => this.cancelled(epoch),
    };
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
    const files = await fetchFiles(
      deps,
      loaded.model,
      'wasm',
      loaded.baseHref,
      this.downloads(this.cancelEpoch),
    );
    // As at load: the cache's memory for the whole context and the kernels, before the prefill.
    const { created, decoder } = await openWarm(deps.createSession, files, 'wasm');
    this.session = created.session;
    this.decoder = decoder;
    this.loaded = { ...loaded, backend: 'wasm' };
    // unload() dropped it: a Llama-family model's views and draft checks need it on WASM too.
    this.vocabulary = files.tokenizer?.vocabulary ?? null;
    const backendNote = translatable('backendWebgpuFailed', { reason });
    const step = history.length + 1;
    const { threads } = created;
    deps.post({ kind: 'fallback', id, backend: 'wasm', threads, backendNote, reason, step });
    return Generation.start(this.decoder, promptIds, config, history);
  }

  /** Drops the generation, the decoder's cache and the session: nothing is loaded afterwards. */
  private async unload(): Promise<void> {
    this.generation = null;
    this.loaded = null;
    this.vocabulary = null;
    await this.inspector.release();
    await this.strategies.release();
    try {
      this.decoder?.dispose();
    } finally {
      this.decoder = null;
      await this.session?.release().catch(() => undefined);
      this.session = null;
    }
  }

  private requireDecoder(): KvCacheDecoder {
    if (!this.decoder) throw new HostError('no model is loaded yet', 'no_model');
    return this.decoder;
  }

  private async generate(
    request: Extract<WorkerRequest, { kind: 'generate' }>,
    epoch: number,
  ): Promise<void> {
    // The page checks its settings against the same table of limits; a request is checked anyway.
    const refused = configProblem(request.config);
    if (refused) {
      throw new HostError(`cannot generate with these settings: ${refused}`, 'bad_request');
    }
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

  /**
   * Beam search, Jacobi or speculative decoding, then greedy decoding for comparison
   * (strategyRunner.ts). They take the decoder over, so the generation is dropped: the next
   * `generate` starts from a reset decoder as always. A cancel aborts a draft's download too.
   */
  private async strategy(request: Extract<WorkerRequest, { kind: 'strategy' }>, epoch: number) {
    const decoder = this.requireDecoder();
    this.generation = null;
    const downloads = this.downloads(epoch);
    const signal = downloads.start();
    await this.strategies
      .run(decoder, request, this.loaded!, this.vocabulary, downloads.cancelled, signal)
      .finally(downloads.finish);
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
   * between two steps pauses it; the generation stays ready for the next `step` request. Before
   * each step the worker's event loop gets a turn (nextTask), so a cancel posted while a step ran
   * is read before the next one starts, whichever runtime build ran it.
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
    // A step without the cache reads the sequence in blocks: a cancel is read between them too.
    const control = {
      shouldStop: async () => {
        await this.deps.nextTask();
        return this.cancelled(epoch);
      },
    };
    for (let done = 0; run === 'all' || done < run; done++) {
      await this.deps.nextTask();
      if (this.cancelled(epoch)) break;
      const outcome = await generation.next(forced, control).catch(async (error: unknown) => {
        const { promptIds, config, generatedIds } = generation;
        this.generation = generation = await this.recover(
          id,
          error,
          promptIds,
          config,
          generatedIds,
        );
        return generation.next(forced, control);
      });
      if (outcome.kind === 'interrupted') break;
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
      const { record } = outcome;
      this.deps.post({
        kind: 'step',
        id,
        record: this.vocabulary ? viewedBy(record, this.vocabulary) : record,
      });
    }
    const steps = generation.stepCount;
    const reason = generation.stopped ?? (steps >= generation.config.maxSteps ? 'max_steps' : null);
    this.deps.post(reason ? { kind: 'done', id, reason, steps } : { kind: 'paused', id, steps });
  }
}
