/**
 * The one message protocol between the page and the engine's worker. Every request carries a
 * `kind` and an `id`; every event answers with the `id` of the request it belongs to. Errors
 * travel back as data, never as thrown exceptions across the boundary.
 */
import type { GenerationConfig, StepRecord, StopReason } from '../engine/generation';
import type { InspectFocus, Inspection } from '../engine/inspect';
import type { InspectFailureKind } from '../engine/inspectFailure';
import type { ModelSpec } from '../engine/modelCatalog';
import type { ModelShape } from '../engine/modelShape';
import type { BeamStep, BeamStopReason, RankedBeam } from '../engine/strategies/beamRecord';
import type { JacobiRound, JacobiStopReason } from '../engine/strategies/jacobi';
import type { SpeculativeRound, SpeculativeStopReason } from '../engine/strategies/speculative';
import type { TokenizerFiles } from '../engine/vocabulary/loadVocabulary';
import type { Message } from '../i18n/message';

export type ExecutionPreference = 'auto' | 'webgpu' | 'wasm';
export type Backend = 'webgpu' | 'wasm';

/**
 * onnxruntime-web's builds the app runs: CPU only (`plain`), or with its native WebGPU execution
 * provider (`webgpu`, the package's `onnxruntime-web/webgpu`).
 */
export type RuntimeBuild = 'plain' | 'webgpu';

export interface AdapterReport {
  vendor: string;
  architecture: string;
  /** A software adapter (SwiftShader): correct but far slower than WASM. */
  fallback: boolean;
}

export type WorkerRequest =
  | {
      kind: 'load';
      id: number;
      model: ModelSpec;
      ep: ExecutionPreference;
      /** The app's base URL: app-served models (`models/<name>/`) resolve against it. */
      baseHref: string;
    }
  | {
      kind: 'generate';
      id: number;
      promptIds: number[];
      /** Tokens of earlier steps kept from another run: read in the prefill, not re-chosen. */
      history?: number[];
      /** Forces the token of the first new step (a "what if" branch). */
      forcedTokenId?: number;
      config: GenerationConfig;
      /** Steps to run before pausing; 'all' runs until a stop reason. */
      run: number | 'all';
    }
  | {
      kind: 'step';
      id: number;
      /** More steps of the current generation; 'all' runs until a stop reason. */
      run: number | 'all';
      /** Forces the token of the first of these steps (a "what if" branch). */
      forcedTokenId?: number;
      /** New step budget for the generation (Step past the end of a finished run). */
      maxSteps?: number;
    }
  | {
      /**
       * One inspection pass over a step's whole context (`onnx/model_inspect.onnx`, opened on the
       * first inspect). A newer inspect supersedes one still waiting; Stop does not touch it.
       */
      kind: 'inspect';
      id: number;
      ids: number[];
      /** The layer and head whose full attention map is wanted when not all are sent. */
      focus: InspectFocus;
      /** The top tokens after every position too (the prefill's view), not only the lens. */
      everyPosition: boolean;
    }
  | {
      /**
       * A decoding strategy other than the chain on the loaded model: beam search or Jacobi
       * decoding, then (with `compareGreedy`) plain greedy decoding of the same prompt and length,
       * timed on the same backend. It takes the decoder over: a later `step` has no generation to
       * continue, and the next `generate` starts afresh. Stop (`cancel`) ends it between steps.
       */
      kind: 'strategy';
      id: number;
      promptIds: number[];
      settings: StrategySettings;
      compareGreedy: boolean;
    }
  | { kind: 'cancel'; id: number };

/**
 * A strategy run's settings: beam search (1–8 beams), Jacobi decoding (a window of 1–8) or
 * speculative decoding (1–8 draft tokens per round, proposed by `draft`, loaded on the target's
 * backend beside it).
 */
export type StrategySettings =
  | { strategy: 'beam'; beams: number; maxSteps: number; lengthPenalty: number }
  | {
      strategy: 'jacobi';
      window: number;
      maxTokens: number;
      /** Guesses from earlier in the text (promptLookup) where the last round's run out. */
      promptLookup?: boolean;
    }
  | {
      strategy: 'speculative';
      k: number;
      maxTokens: number;
      draft: ModelSpec;
      /** Absent: greedy. Present: speculative sampling at this temperature, seeded. */
      sampling?: { temperature: number; seed: number };
    };

/** Plain greedy decoding of the same prompt and length, for comparison. */
export interface GreedyTiming {
  tokens: number[];
  /** Model passes: the prefill (which gives the first token) plus one per further token. */
  modelPasses: number;
  ms: number;
}

/** How a strategy run ended. */
export type StrategyOutcome =
  | {
      strategy: 'beam';
      /** Best score first; the best one's tokens are the run's text. */
      final: RankedBeam[];
      stopReason: BeamStopReason;
      modelPasses: number;
      /** All kept beams of a step read in one model pass (slots files), or one pass each. */
      batched?: boolean;
      ms: number;
      greedy: GreedyTiming | null;
    }
  | {
      strategy: 'jacobi';
      tokens: number[];
      stopReason: JacobiStopReason;
      modelPasses: number;
      ms: number;
      greedy: GreedyTiming | null;
    }
  | {
      strategy: 'speculative';
      tokens: number[];
      stopReason: SpeculativeStopReason;
      /** Target passes (the prefill included), the measure set against greedy's. */
      modelPasses: number;
      draftPasses: number;
      proposed: number;
      accepted: number;
      ms: number;
      greedy: GreedyTiming | null;
    }
  /** Jacobi decoding needs every fed position's logits, which this model file does not return. */
  | { strategy: 'jacobi'; refused: 'all_logits_missing'; detail: string };

/**
 * `build`: a model built in the browser is being made from its original weights (after their
 * `download`): `file` is the file being made, `loaded` the files done, `total` the files to build.
 */
export type LoadPhase = 'download' | 'build' | 'session' | 'warmup';

export type ErrorCode =
  | 'model_not_found'
  | 'model_damaged'
  | 'network'
  | 'bad_config'
  /** A Llama-family model's tokenizer.json the vocabulary library cannot read or show honestly. */
  | 'bad_tokenizer'
  | 'backend'
  | 'no_model'
  | 'bad_request'
  /** A speculative run's draft whose tokens are not the loaded model's (vocabulary or tokenizer). */
  | 'draft_misfit'
  | 'internal';

export type WorkerEvent =
  | {
      kind: 'progress';
      id: number;
      phase: LoadPhase;
      file?: string;
      loaded: number;
      total: number | null;
      fromCache?: boolean;
    }
  | {
      kind: 'ready';
      id: number;
      modelId: string;
      shape: ModelShape;
      backend: Backend;
      threads: number;
      adapter: AdapterReport | null;
      /** Why this backend: e.g. a software WebGPU adapter was found and skipped. */
      backendNote: Message;
      fromCache: boolean;
      loadMs: number;
      /**
       * A Llama-family model's own tokenizer files, as its folder has them: the page reads them
       * into the vocabulary it shows this model's tokens with. Absent for GPT-2's family.
       */
      tokenizer?: TokenizerFiles;
    }
  | { kind: 'prefill'; id: number; promptLength: number; ms: number }
  | {
      /**
       * The backend failed mid-run (a lost WebGPU device) and was replaced: the run goes on from
       * `step` on `backend`, after a fresh prefill of everything read so far.
       */
      kind: 'fallback';
      id: number;
      backend: Backend;
      threads: number;
      backendNote: Message;
      /** The failure, in the runtime's words. */
      reason: string;
      step: number;
    }
  | { kind: 'step'; id: number; record: StepRecord }
  | { kind: 'paused'; id: number; steps: number }
  | { kind: 'done'; id: number; reason: StopReason; steps: number }
  /**
   * A cancel (Stop) ended the request before it could finish: a download was aborted. Not a
   * failure; what the request was loading is not loaded.
   */
  | { kind: 'cancelled'; id: number }
  | { kind: 'error'; id: number; code: ErrorCode; message: string }
  /** One step of a beam search, as soon as it is decided. */
  | { kind: 'beam-step'; id: number; step: BeamStep }
  /** One round of Jacobi decoding. */
  | { kind: 'jacobi-round'; id: number; round: JacobiRound }
  /** The draft model of a speculative run loading: its download, session and warm-up. */
  | {
      kind: 'draft-progress';
      id: number;
      modelId: string;
      phase: LoadPhase;
      loaded: number;
      total: number | null;
    }
  /** One round of speculative decoding, as soon as the target's pass is read. */
  | { kind: 'spec-round'; id: number; round: SpeculativeRound }
  /** The one last answer to `strategy` (besides `error`). */
  | { kind: 'strategy-done'; id: number; outcome: StrategyOutcome }
  /** The one answer to `inspect`; its failures stay in the inspection views, off the run. */
  | { kind: 'inspected'; id: number; outcome: InspectOutcome };

export type InspectOutcome =
  | { kind: 'done'; inspection: Inspection; ms: number }
  /** The model folder has no inspection file: the run goes on, the views say so. */
  | { kind: 'missing' }
  /** A newer inspect came before this one ran. */
  | { kind: 'superseded' }
  /** `reason`: what the page explains (the worker reads it from the error); `message`: its words. */
  | { kind: 'failed'; reason: InspectFailureKind; message: string };

export type EventOf<K extends WorkerEvent['kind']> = Extract<WorkerEvent, { kind: K }>;
