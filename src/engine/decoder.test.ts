import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../scripts/nodeModel';
import { KvCacheDecoder } from './decoder';
import { logitMoments, SUMMARY_TOP } from './logitSummary';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from './modelCatalog';
import { TINY_GPT2, type ModelShape } from './modelShape';
import { encodeText } from './tokenizer';
import { topIndices } from './topK';

const TINY_DIR = fileURLToPath(new URL('../../public/models/tiny-gpt2', import.meta.url));

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

const argmax = (logits: Float32Array): number => topIndices(logits, 1)[0];

type Feeds = Record<string, ort.Tensor>;

/** A session that hands the real one altered feeds: a way to build a deliberately wrong decoder. */
function alteredSession(session: ort.InferenceSession, alter: (feeds: Feeds) => Feeds) {
  const wrapper = {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata,
    run: (feeds: Feeds) => session.run(alter(feeds)),
  };
  return wrapper as unknown as InferenceSession;
}

/** Cache inputs of either interface (not the masks). */
const isCacheInput = (name: string): boolean => /^(past_key_values|cache)\.\d+\./.test(name);

describe.each([
  { layout: 'hf', file: HF_MODEL_FILE },
  { layout: 'slots', file: SLOTS_MODEL_FILE },
])('KvCacheDecoder on tiny-gpt2, $layout interface', ({ layout, file }) => {
  let tiny: NodeModel;

  beforeAll(async () => {
    if (!existsSync(`${TINY_DIR}/${file}`)) {
      throw new Error(`${TINY_DIR}/${file} is missing: run \`npm run models:tiny\` first`);
    }
    tiny = await loadNodeModel(TINY_DIR, file);
    expect(tiny.decoder.layout).toBe(layout);
  });

  afterAll(async () => {
    await tiny?.session.release();
  });

  it('matches full recomputation at every step of 30 greedy steps', async () => {
    const cached = tiny.decoder;
    const full = new KvCacheDecoder(tiny.session, tiny.shape, ort.Tensor);
    const ids = encodeText('Once upon a time');
    cached.reset();
    let result = await cached.append(ids);
    const history: Float32Array[] = [];
    let worst = 0;
    for (let step = 0; step < 30; step++) {
      full.reset();
      const recomputed = await full.append(ids);
      worst = Math.max(worst, maxAbsDiff(result.logits, recomputed.logits));
      expect(argmax(result.logits)).toBe(argmax(recomputed.logits));
      history.push(result.logits);
      const next = argmax(result.logits);
      ids.push(next);
      result = await cached.append([next]);
      expect(cached.tokens).toEqual(ids);
    }
    // Every row of one last full pass equals the logits the cache gave at that position (only
    // the Hugging Face interface returns every row).
    full.reset();
    const { allLogits } = await full.append(ids);
    const vocab = tiny.shape.vocab;
    if (layout === 'hf') {
      const promptLength = ids.length - 30;
      history.forEach((logits, step) => {
        const row = promptLength - 1 + step;
        const diff = maxAbsDiff(logits, allLogits.subarray(row * vocab, (row + 1) * vocab));
        worst = Math.max(worst, diff);
      });
    } else {
      expect(allLogits).toHaveLength(vocab);
    }
    console.log(
      `${layout}: KV cache vs full recompute, 30 steps: max |Δlogit| = ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it('gives different logits with a wrong cache or without the context (the test can fail)', async () => {
    const ids = encodeText('Once upon a time there was');
    const good = tiny.decoder;
    good.reset();
    await good.append(ids.slice(0, -1));
    const right = (await good.append(ids.slice(-1))).logits;

    const zeroPast = alteredSession(tiny.session, (feeds) => {
      const out: Feeds = {};
      for (const [name, t] of Object.entries(feeds)) {
        out[name] = isCacheInput(name)
          ? new ort.Tensor('float32', new Float32Array(t.size), t.dims)
          : t;
      }
      return out;
    });
    const zeroed = new KvCacheDecoder(zeroPast, tiny.shape, ort.Tensor);
    await zeroed.append(ids.slice(0, -1));
    const wrong = (await zeroed.append(ids.slice(-1))).logits;

    const alone = new KvCacheDecoder(tiny.session, tiny.shape, ort.Tensor);
    const noContext = (await alone.append(ids.slice(-1))).logits;

    const zeroDiff = maxAbsDiff(right, wrong);
    const aloneDiff = maxAbsDiff(right, noContext);
    console.log(
      `zeroed cache changes logits by ${zeroDiff.toFixed(3)}, no context by ${aloneDiff.toFixed(3)}`,
    );
    expect(zeroDiff).toBeGreaterThan(1e-2);
    expect(aloneDiff).toBeGreaterThan(1e-2);
  });

  it('returns a summary of the logits from the slots file only, equal to one computed here', async () => {
    const decoder = tiny.decoder;
    decoder.reset();
    const prefill = await decoder.append(encodeText('Once upon a time'));
    const step = await decoder.append([11]);
    for (const { logits, summary } of [prefill, step]) {
      if (layout === 'hf') {
        expect(summary).toBeUndefined();
        continue;
      }
      expect(summary).toBeDefined();
      expect(summary!.topIds).toEqual(topIndices(logits, SUMMARY_TOP));
      const reference = logitMoments(logits);
      expect(summary!.logNorm).toBeCloseTo(reference.logNorm, 4);
      expect(summary!.meanLogit).toBeCloseTo(reference.meanLogit, 4);
    }
  });

  it('appendAll gives the argmax after every fed token, on slots files without their logits', async () => {
    const runs: { rows?: number; fetches?: readonly string[] }[] = [];
    const watched = Object.create(tiny.session) as ort.InferenceSession;
    Object.assign(watched, {
      run: (feeds: Feeds, fetches?: readonly string[]) => {
        const rows = feeds.logit_rows?.data as BigInt64Array | undefined;
        runs.push({ rows: rows && Number(rows[0]), fetches });
        return fetches ? tiny.session.run(feeds, fetches) : tiny.session.run(feeds);
      },
    });
    const decoder = new KvCacheDecoder(watched, tiny.shape, ort.Tensor);
    expect(decoder.allPositionsProblem).toBeNull();
    const hub = await loadNodeModel(TINY_DIR, HF_MODEL_FILE);
    try {
      const ids = encodeText('Once upon a time there was a little');
      const vocab = tiny.shape.vocab;
      const { allLogits } = await hub.decoder.append(ids);
      const expected = ids.map((_, t) => argmax(allLogits.subarray(t * vocab, (t + 1) * vocab)));
      await decoder.append(ids.slice(0, 3));
      const all = await decoder.appendAll(ids.slice(3));
      expect(all.argmaxAll).toEqual(expected.slice(3));
      expect(decoder.tokens).toEqual(ids);
      // The next step reads the rows appendAll wrote, and gets one row of logits again.
      const next = await decoder.append([13]);
      expect(next.allLogits).toHaveLength(vocab);
      const fed = [...ids, 13];
      hub.decoder.reset();
      expect(argmax(next.logits)).toBe(argmax((await hub.decoder.append(fed)).logits));
      if (layout === 'slots') {
        // Steps ask for one row and fetch everything; appendAll asks for every fed row and
        // leaves their logits in the runtime.
        const fetched = tiny.session.outputNames.filter((name) => name !== 'logits');
        expect(fetched).toContain('argmax_all');
        expect(runs).toEqual([
          { rows: 1, fetches: undefined },
          { rows: ids.length - 3, fetches: fetched },
          { rows: 1, fetches: undefined },
        ]);
      } else {
        expect(runs.every((run) => run.rows === undefined && run.fetches === undefined)).toBe(true);
      }
    } finally {
      await hub.session.release();
    }
  });

  it('refuses to read past the context and keeps its cache when it does', async () => {
    const decoder = tiny.decoder;
    const context = tiny.shape.context;
    decoder.reset();
    await expect(decoder.append(new Array(context + 1).fill(262))).rejects.toThrow(/context limit/);
    expect(decoder.length).toBe(0);
    await decoder.append(new Array(context - 1).fill(262));
    await decoder.append([13]);
    expect(decoder.length).toBe(context);
    await expect(decoder.append([262])).rejects.toThrow(/257 tokens exceed the model's 256/);
    expect(decoder.length).toBe(context);
    await expect(decoder.append([])).rejects.toThrow(/at least one token/);
  });
});

describe('KvCacheDecoder feeds', () => {
  const shape: ModelShape = { ...TINY_GPT2, layers: 1, vocab: 8 };
  const hd = shape.width / shape.heads;

  /** A stand-in session that records feeds and answers with zeros of the right shapes. */
  function stubSession(inputNames: string[]) {
    const calls: Feeds[] = [];
    const session = {
      inputNames,
      outputNames: ['logits', 'present.0.key', 'present.0.value'],
      inputMetadata: [],
      run: async (feeds: Feeds) => {
        calls.push(feeds);
        const fed = feeds.input_ids.dims[1];
        const total = feeds.attention_mask.dims[1];
        const present = () =>
          new ort.Tensor('float32', new Float32Array(shape.heads * total * hd), [
            1,
            shape.heads,
            total,
            hd,
          ]);
        return {
          logits: new ort.Tensor('float32', new Float32Array(fed * shape.vocab).fill(1), [
            1,
            fed,
            shape.vocab,
          ]),
          'present.0.key': present(),
          'present.0.value': present(),
        };
      },
    };
    return { session: session as unknown as InferenceSession, calls };
  }

  const base = ['input_ids', 'attention_mask', 'past_key_values.0.key', 'past_key_values.0.value'];
  const values = (t: ort.Tensor) => Array.from(t.data as BigInt64Array, Number);

  it('feeds no position_ids to a model without that input', async () => {
    const { session, calls } = stubSession(base);
    const decoder = new KvCacheDecoder(session, shape, ort.Tensor);
    const first = await decoder.append([1, 2, 3]);
    expect(first.logits).toHaveLength(shape.vocab);
    expect(first.allLogits).toHaveLength(3 * shape.vocab);
    await decoder.append([4]);
    expect(calls.map((f) => Object.keys(f).includes('position_ids'))).toEqual([false, false]);
    expect(values(calls[1].input_ids)).toEqual([4]);
    expect(values(calls[1].attention_mask)).toEqual([1, 1, 1, 1]);
    expect(calls[1]['past_key_values.0.key'].dims).toEqual([1, shape.heads, 3, hd]);
  });

  it('feeds positions after the cache, and use_cache_branch to merged models', async () => {
    const { session, calls } = stubSession([...base, 'position_ids', 'use_cache_branch']);
    const decoder = new KvCacheDecoder(session, shape, ort.Tensor);
    await decoder.append([1, 2, 3]);
    await decoder.append([4, 5]);
    expect(values(calls[0].position_ids)).toEqual([0, 1, 2]);
    expect(values(calls[1].position_ids)).toEqual([3, 4]);
    expect(calls.map((f) => Array.from(f.use_cache_branch.data as Uint8Array))).toEqual([[0], [1]]);
    expect(calls[0]['past_key_values.0.value'].dims).toEqual([1, shape.heads, 0, hd]);
  });

  it('rejects a model without a cache', () => {
    const { session } = stubSession(['input_ids', 'attention_mask']);
    expect(() => new KvCacheDecoder(session, shape, ort.Tensor)).toThrow(/past_key_values\.0\.key/);
  });
});
