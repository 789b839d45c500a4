/**
 * What bench/lib/longContextChild.ts times: one decode step (one token after `context − 1`
 * cached ones) on gpt2-shaped, for each way of holding the cache, and the weightless probes of
 * longContextProbes.ts that price its parts. The cache's contents are fixed filler: a step's cost
 * does not depend on them. Each runner builds its feeds as the app would each step (tensors wrap
 * views of buffers allocated once) and does the caller's own work after the run (appending the
 * fed rows where the caller keeps the cache).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { RECIPES } from '../../scripts/makeModel';
import { GqaRunner, type GqaMode } from '../../src/engine/build/gqaDriver';
import {
  buildGpt2GqaModel,
  SEQLENS_K,
  TOTAL_SEQUENCE_LENGTH,
  type GqaCacheType,
} from '../../src/engine/build/gqaGraph';
import { ATTENTION_BIAS, LOGIT_ROWS } from '../../src/engine/build/layout';
import { makeWeights } from '../../src/engine/build/tinyWeights';
import { sequenceBias } from '../../src/engine/kvCache/slotBias';
import type { TensorClass } from '../../src/engine/kvCache/kvCache';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../../src/engine/modelCatalog';
import { headDim, type ModelShape } from '../../src/engine/modelShape';
import { buildProbe, type ProbeName } from './longContextProbes';

export type Runtime = 'wasm' | 'native';
export const CONTEXTS = [16, 1000] as const;
/** The GroupQueryAttention file's buffers at full capacity (onnxruntime-genai's max_length). */
const FULL_CAPACITY = 1024;
/** A buffer grown in steps of this many rows (re-laid out when it grows): the least copied in. */
const GROWTH = 128;
const TOKEN = 464;

/** Runs one step at `context` (context − 1 cached tokens, one fed). */
export type StepRunner = (context: number) => Promise<void>;

export interface Variant {
  name: string;
  bytes: (modelDir: string, shape: ModelShape) => Uint8Array;
  runner: (session: InferenceSession, shape: ModelShape, T: TensorClass) => StepRunner;
}

/** Filler for the cache buffers: small varied values, so that softmax is not degenerate. */
function filler(length: number): Float32Array {
  const data = new Float32Array(length);
  for (let k = 0; k < length; k++) data[k] = Math.sin(k * 0.37) * 0.5;
  return data;
}

const kinds = ['key', 'value'] as const;
const int64 = (T: TensorClass, values: number[]): Tensor =>
  new T('int64', BigInt64Array.from(values, BigInt), [1, values.length]);

/** The slots interface's cache feeds ([1 + past, heads, hd] views) and the causal bias. */
function slotFeeds(shape: ModelShape, T: TensorClass) {
  const row = shape.heads * headDim(shape);
  const buffers = Array.from({ length: shape.layers * 2 }, () => filler((1 + FULL_CAPACITY) * row));
  return (past: number): Record<string, Tensor> => {
    const rows = 1 + past;
    const feeds: Record<string, Tensor> = {
      [ATTENTION_BIAS]: new T('float32', sequenceBias(1, rows), [1, rows + 1]),
    };
    buffers.forEach((buffer, n) => {
      const name = `cache.${Math.floor(n / 2)}.${kinds[n % 2]}`;
      feeds[name] = new T('float32', buffer.subarray(0, rows * row), [
        rows,
        shape.heads,
        headDim(shape),
      ]);
    });
    return feeds;
  };
}

/** The Hugging Face interface's past ([1, heads, past, hd], contiguous: one buffer per tensor). */
function pastFeeds(shape: ModelShape, T: TensorClass, prefix: string) {
  const perHead = headDim(shape);
  const buffers = Array.from({ length: shape.layers * 2 }, () =>
    filler(shape.heads * FULL_CAPACITY * perHead),
  );
  return (past: number): Record<string, Tensor> => {
    const feeds: Record<string, Tensor> = {};
    buffers.forEach((buffer, n) => {
      const data = buffer.subarray(0, shape.heads * past * perHead);
      feeds[`${prefix}.${Math.floor(n / 2)}.${kinds[n % 2]}`] = new T('float32', data, [
        1,
        shape.heads,
        past,
        perHead,
      ]);
    });
    return feeds;
  };
}

function probe(name: string, probeName: ProbeName, fetches?: string[]): Variant {
  return {
    name,
    bytes: (_dir, shape) => buildProbe(probeName, shape),
    runner: (session, shape, T) => {
      const qkv = new T('float32', filler(shape.width), [1, 1, shape.width]);
      if (probeName === 'gqa') {
        const past = pastFeeds(shape, T, 'past_key_values');
        return async (c) => {
          const feeds = {
            ...past(Math.ceil(c / GROWTH) * GROWTH),
            [SEQLENS_K]: new T('int32', Int32Array.of(c - 1), [1]),
            [TOTAL_SEQUENCE_LENGTH]: new T('int32', Int32Array.of(c), []),
            q: qkv,
            k: qkv,
            v: qkv,
          };
          await session.run(feeds);
        };
      }
      if (probeName === 'concat') {
        const past = pastFeeds(shape, T, 'past_key_values');
        const fresh = new T('float32', filler(shape.width), [1, shape.heads, 1, headDim(shape)]);
        return async (c) => {
          const feeds = { ...past(c - 1), new_rows: fresh };
          await (fetches ? session.run(feeds, fetches) : session.run(feeds));
        };
      }
      const slots = slotFeeds(shape, T);
      return async (c) => {
        // The copy probe takes the cache alone; the attention probe also the bias and q, k, v.
        const { [ATTENTION_BIAS]: bias, ...cache } = slots(c - 1);
        const feeds =
          probeName === 'attention'
            ? { ...cache, [ATTENTION_BIAS]: bias, q: qkv, k: qkv, v: qkv }
            : cache;
        await session.run(feeds);
      };
    },
  };
}

const fileBytes = (file: string) => (dir: string) => new Uint8Array(readFileSync(join(dir, file)));

/** The app's slots file, as the engine runs it: every output fetched, the fresh rows appended. */
const slots: Variant = {
  name: 'slots file (app)',
  bytes: fileBytes(SLOTS_MODEL_FILE),
  runner: (session, shape, T) => {
    const cache = slotFeeds(shape, T);
    const store = new Float32Array((1 + FULL_CAPACITY) * shape.width);
    return async (c) => {
      const feeds = {
        ...cache(c - 1),
        input_ids: int64(T, [TOKEN]),
        position_ids: int64(T, [c - 1]),
        [LOGIT_ROWS]: new T('int64', BigInt64Array.of(1n), [1]),
      };
      const outputs = await session.run(feeds);
      for (let i = 0; i < shape.layers; i++) {
        for (const kind of kinds)
          store.set(outputs[`fresh.${i}.${kind}`].data as Float32Array, c * shape.width);
      }
    };
  },
};

/** The Hugging Face file (present = Concat(past, new)); `logitsOnly`: present left in the runtime. */
function hf(name: string, logitsOnly: boolean): Variant {
  return {
    name,
    bytes: fileBytes(HF_MODEL_FILE),
    runner: (session, shape, T) => {
      const past = pastFeeds(shape, T, 'past_key_values');
      return async (c) => {
        const feeds = {
          ...past(c - 1),
          input_ids: int64(T, [TOKEN]),
          position_ids: int64(T, [c - 1]),
          attention_mask: int64(
            T,
            Array.from({ length: c }, () => 1),
          ),
        };
        await (logitsOnly ? session.run(feeds, ['logits']) : session.run(feeds));
      };
    },
  };
}

/** The GroupQueryAttention file is written here (gqaGraph.ts), from gpt2-shaped's recipe. */
const gqaBytes = new Map<GqaCacheType, Uint8Array>();
const gqaFile = (cache: GqaCacheType) => (_dir: string, shape: ModelShape) => {
  const { seed, scales } = RECIPES['gpt2-shaped'];
  const bytes =
    gqaBytes.get(cache) ?? buildGpt2GqaModel(shape, makeWeights(shape, seed, scales), { cache });
  gqaBytes.set(cache, bytes);
  return bytes;
};

/** `fit`: the buffers hold the fewest GROWTH-row blocks the context needs, else FULL_CAPACITY. */
function gqa(name: string, mode: GqaMode, fit: boolean, cache: GqaCacheType = 'float32'): Variant {
  return {
    name,
    bytes: gqaFile(cache),
    runner: (session, shape, T) => {
      const runners = new Map<number, GqaRunner>();
      return async (c) => {
        const capacity = fit ? Math.ceil(c / GROWTH) * GROWTH : FULL_CAPACITY;
        let run = runners.get(capacity);
        if (!run) {
          run = new GqaRunner(session, shape, T, capacity, mode, cache);
          runners.set(capacity, run);
        }
        run.length = c - 1; // a rollback to c − 1 cached tokens: nothing is copied
        await run.run([TOKEN]);
      };
    },
  };
}

export function variantsFor(runtime: Runtime): Variant[] {
  return [
    probe('probe: cache inputs only', 'copy'),
    probe('probe: slots attention', 'attention'),
    probe(`probe: GQA attention, capacity in ${GROWTH}s`, 'gqa'),
    probe('probe: Concat, present fetched', 'concat'),
    probe('probe: Concat, shapes fetched', 'concat', ['shapes']),
    slots,
    hf('hf file, present fetched', false),
    hf('hf file, logits fetched', true),
    gqa(`GQA, fresh rows, capacity ${FULL_CAPACITY}`, 'fresh', false),
    gqa(`GQA, fresh rows, capacity in ${GROWTH}s`, 'fresh', true),
    gqa(`GQA, float16 cache, fresh rows, in ${GROWTH}s`, 'fresh', true, 'float16'),
    ...(runtime === 'native'
      ? [gqa(`GQA, shared buffer, capacity ${FULL_CAPACITY}`, 'shared', false)]
      : []),
  ];
}
