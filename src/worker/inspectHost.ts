/**
 * The engine host's inspection passes: a second session, on `onnx/model_inspect.onnx`, opened
 * on the first inspect of a loaded model and kept until the model goes. Its runs never touch the
 * decoder, so a run's steps and cache are the same whether or not a step was inspected.
 */
import type { InferenceSession } from 'onnxruntime-web';
import type { TensorClass } from '../engine/decoder';
import { errorMessage } from '../engine/errorMessage';
import { INSPECT_MODEL_FILE, runInspection } from '../engine/inspect';
import { inspectFailureKind } from '../engine/inspectFailure';
import type { ModelSpec } from '../engine/modelCatalog';
import { ModelFetchError } from '../engine/modelFiles';
import type { ModelShape } from '../engine/modelShape';
import type { HostDeps } from './hostDeps';
import type { InspectOutcome, WorkerRequest } from './protocol';
import { isTokenId } from './hostErrors';

type InspectRequest = Extract<WorkerRequest, { kind: 'inspect' }>;

/** The loaded model, as the inspection needs it: where its folder is and its shape. */
export interface InspectTarget {
  model: ModelSpec;
  baseHref: string;
  shape: ModelShape;
}

interface Opened {
  session: InferenceSession;
  Tensor: TensorClass;
}

export class InspectHost {
  /** The inspection session, `missing` when the folder has none, null before the first try. */
  private opened: Opened | 'missing' | null = null;
  /** The newest inspect's id: an older one still waiting is answered `superseded`. */
  private newest = 0;

  constructor(private readonly deps: HostDeps) {}

  /** Notes a request as it arrives, before it waits behind the model work. */
  arrived(request: InspectRequest): void {
    this.newest = Math.max(this.newest, request.id);
  }

  async inspect(request: InspectRequest, target: InspectTarget | null): Promise<void> {
    const { deps } = this;
    const outcome = await this.outcome(request, target).catch((error: unknown): InspectOutcome => {
      const message = errorMessage(error);
      return { kind: 'failed', reason: inspectFailureKind(message), message };
    });
    deps.post({ kind: 'inspected', id: request.id, outcome });
  }

  private async outcome(
    request: InspectRequest,
    target: InspectTarget | null,
  ): Promise<InspectOutcome> {
    if (request.id < this.newest) return { kind: 'superseded' };
    // Requests the page should not have sent: no model, no tokens, ids outside the vocabulary.
    const refused = (message: string): InspectOutcome => ({
      kind: 'failed',
      reason: 'other',
      message,
    });
    if (!target) return refused('no model is loaded yet');
    const { shape } = target;
    const tooLong = request.ids.length === 0 || request.ids.length > shape.context;
    if (tooLong) return refused(`cannot inspect ${request.ids.length} tokens`);
    if (request.ids.some((id) => !isTokenId(id, shape.vocab))) {
      return refused('a token id is out of the vocabulary');
    }
    const opened = (this.opened ??= await this.open(target));
    if (opened === 'missing') return { kind: 'missing' };
    const started = this.deps.now();
    const inspection = await runInspection(
      opened.session,
      opened.Tensor,
      shape,
      request.ids,
      request.focus,
      request.everyPosition,
    );
    return { kind: 'done', inspection, ms: this.deps.now() - started };
  }

  private async open(target: InspectTarget): Promise<Opened | 'missing'> {
    const spec = { ...target.model, modelFiles: [INSPECT_MODEL_FILE] };
    try {
      const signal = new AbortController().signal;
      const files = await this.deps.fetchModel(spec, target.baseHref, () => undefined, signal);
      // WASM: the outputs are read on the CPU, and the decode loop keeps the GPU to itself.
      const created = await this.deps.createSession(files.modelBytes, 'wasm', target.shape);
      return { session: created.session, Tensor: created.Tensor };
    } catch (error) {
      if (error instanceof ModelFetchError && error.code === 'not_found') return 'missing';
      throw error;
    }
  }

  /** Lets go of the session (a new model is loading). */
  async release(): Promise<void> {
    const { opened } = this;
    this.opened = null;
    if (opened && opened !== 'missing') await opened.session.release().catch(() => undefined);
  }
}
