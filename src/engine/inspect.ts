/**
 * The inspection pass: one whole-context run of `onnx/model_inspect.onnx` (written by
 * src/engine/build/inspectGraph.ts), read into what the "look inside this step" views show. It runs on
 * demand for one shown step, never in the decode loop.
 */
import type { InferenceSession } from 'onnxruntime-web';
import type { TensorClass } from './kvCache/kvCache';
import type { ModelShape } from './modelShape';
import { topIndices } from './topK';

/** The inspection file inside a model folder; folders without it cannot be inspected. */
export const INSPECT_MODEL_FILE = 'onnx/model_inspect.onnx';

/** Tokens listed per layer of the lens and per position of the prefill. */
export const INSPECT_TOP = 5;

/**
 * Full attention maps are sent for every layer and head while they hold at most this many
 * numbers (a 128-token context on GPT-2 small: 2.4 M); beyond it only the focused head's map.
 */
export const ALL_GRIDS_LIMIT = 4_000_000;

export interface TokenProb {
  id: number;
  prob: number;
}

/** One head's attention over the context, row-major [length, length]: row i reads 0..i. */
export interface AttentionGrid {
  layer: number;
  head: number;
  values: Float32Array;
}

/** The layer and head whose full map is wanted when not every map is sent (0-based). */
export interface InspectFocus {
  layer: number;
  head: number;
}

export interface Inspection {
  /** Tokens in the context inspected. */
  length: number;
  layers: number;
  heads: number;
  /** newest[layer][head][j]: how much the newest position attends to position j (sums to 1). */
  newest: number[][][];
  /** Full maps: every layer and head, or the focused one for long contexts (ALL_GRIDS_LIMIT). */
  grids: AttentionGrid[];
  /** lens[layer]: the top tokens the residual stream after that layer would predict, newest. */
  lens: TokenProb[][];
  /**
   * after[t]: the model's top tokens after reading positions 0..t (argmax first), for every
   * position when asked (the prefill's view); else empty, since a softmax over the vocabulary at
   * every position costs more than the pass itself at long contexts.
   */
  after: TokenProb[][];
}

/**
 * The raw outputs of one inspection run: logits [rows, vocab] for the positions fed as
 * `logit_positions` (every position for the prefill's view, else the newest alone), attn
 * [heads, length, length] per layer, lens [layers, vocab].
 */
export interface InspectOutputs {
  logits: Float32Array;
  attention: Float32Array[];
  lens: Float32Array;
}

/**
 * The positions whose logits the pass computes: every one for the prefill's view (`after`), else
 * the newest alone. The file's vocabulary head runs on these rows only; no view of a decode step
 * reads them (the newest position's prediction is the lens's last layer); one row rather than
 * none keeps every feed and output non-empty.
 */
export function logitPositions(length: number, everyPosition: boolean): number[] {
  return everyPosition ? Array.from({ length }, (_, t) => t) : [length - 1];
}

/** The feeds of one inspection run on `ids`: the tokens and the positions given logits. */
export function inspectFeeds(
  Tensor: TensorClass,
  ids: readonly number[],
  everyPosition = false,
): Record<string, InstanceType<TensorClass>> {
  const positions = logitPositions(ids.length, everyPosition);
  return {
    input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    logit_positions: new Tensor('int64', BigInt64Array.from(positions, BigInt), [positions.length]),
  };
}

/** The top `INSPECT_TOP` tokens of one row of logits, with their softmax probabilities. */
export function topProbabilities(logits: Float32Array): TokenProb[] {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  return topIndices(logits, INSPECT_TOP).map((id) => ({
    id,
    prob: Math.exp(logits[id] - max) / sum,
  }));
}

/** Reads the raw outputs into what the views show (pure: the tests feed it reference numbers). */
export function summarizeInspection(
  shape: ModelShape,
  length: number,
  outputs: InspectOutputs,
  focus: InspectFocus,
  everyPosition = false,
): Inspection {
  const { vocab, heads, layers } = shape;
  const row = (data: Float32Array, r: number, width: number): Float32Array =>
    data.subarray(r * width, (r + 1) * width);
  const newest = outputs.attention.map((probs) =>
    Array.from({ length: heads }, (_, h) =>
      Array.from(row(probs, h * length + length - 1, length)),
    ),
  );
  const all = layers * heads * length * length <= ALL_GRIDS_LIMIT;
  const grids: AttentionGrid[] = [];
  outputs.attention.forEach((probs, layer) => {
    for (let head = 0; head < heads; head++) {
      if (!all && (layer !== focus.layer || head !== focus.head)) continue;
      const values = probs.slice(head * length * length, (head + 1) * length * length);
      grids.push({ layer, head, values });
    }
  });
  return {
    length,
    layers,
    heads,
    newest,
    grids,
    lens: Array.from({ length: layers }, (_, l) => topProbabilities(row(outputs.lens, l, vocab))),
    after: everyPosition ? everyAfter(outputs.logits, length, vocab) : [],
  };
}

/** The top tokens after each position, from logits asked for every position. */
function everyAfter(logits: Float32Array, length: number, vocab: number): TokenProb[][] {
  if (logits.length !== length * vocab) {
    throw new Error(
      `the inspection returned ${logits.length / vocab} rows of logits, not ${length}`,
    );
  }
  return Array.from({ length }, (_, t) =>
    topProbabilities(logits.subarray(t * vocab, (t + 1) * vocab)),
  );
}

/** Runs the inspection file on `ids` (the whole context of a step) and summarises its outputs. */
export async function runInspection(
  session: InferenceSession,
  Tensor: TensorClass,
  shape: ModelShape,
  ids: readonly number[],
  focus: InspectFocus,
  everyPosition = false,
): Promise<Inspection> {
  const results = await session.run(inspectFeeds(Tensor, ids, everyPosition));
  const floats = (name: string): Float32Array => {
    const value = results[name];
    if (!value || !(value.data instanceof Float32Array)) {
      throw new Error(`the inspection file returned no float32 ${name}`);
    }
    return value.data;
  };
  try {
    const attention = Array.from({ length: shape.layers }, (_, i) => floats(`attn.${i}`));
    return summarizeInspection(
      shape,
      ids.length,
      { logits: floats('logits'), attention, lens: floats('lens_logits') },
      focus,
      everyPosition,
    );
  } finally {
    for (const value of Object.values(results)) value.dispose();
  }
}
