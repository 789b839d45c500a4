/**
 * The peer: transformers.js greedy `generate` on the same model folder, with its own
 * onnxruntime-web files served locally and the same thread count.
 * Per-token ms: a streamer stamps the time each new token is handed out; the median gap between
 * consecutive tokens (the first token, which carries the prefill, excluded) is one whole step of
 * its loop — model run, logits processing, sampling and cache bookkeeping.
 */
import type { TextStreamer } from '@huggingface/transformers';
import { median } from '../../src/components/shared/stats';
import { runtimeFiles } from '../shared/probes';
import { benchTokens, type BenchRequest, type TjsRunResult } from '../shared/protocol';
import { settle } from '../shared/settle';

type TjsRequest = Extract<BenchRequest, { kind: 'tjs' }>;

/** `generate` returns a Tensor of ids or an object holding `sequences`. */
function sequenceOf(output: unknown): number[] {
  const holder = output as { sequences?: unknown; data?: unknown };
  const tensor = (holder.sequences ?? holder) as { data?: ArrayLike<bigint | number> };
  return tensor.data ? Array.from(tensor.data, (v) => Number(v)) : [];
}

export async function runTjs(
  request: TjsRequest,
  log: (line: string) => void,
): Promise<TjsRunResult> {
  const { env, AutoModelForCausalLM, BaseStreamer, Tensor } =
    await import('@huggingface/transformers');
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = request.localModelPath;
  env.useBrowserCache = false;
  const onnx = env.backends.onnx;
  if (!onnx.wasm) throw new Error('transformers.js exposes no onnxruntime-web wasm settings');
  onnx.wasm.numThreads = request.threads;
  // A folder prefix (not a {wasm, mjs} object) also keeps its blob-URL "WASM cache" out of play.
  onnx.wasm.wasmPaths = request.wasmPrefix;

  /** Records when `generate` hands out each batch of ids (the prompt first, then each token). */
  class StampStreamer extends BaseStreamer {
    stamps: number[] = [];
    override put(): void {
      this.stamps.push(performance.now());
    }
    override end(): void {}
  }

  const t0 = performance.now();
  const model = await AutoModelForCausalLM.from_pretrained(request.modelId, {
    dtype: 'fp32',
    device: 'wasm',
  });
  const loadMs = performance.now() - t0;
  log(`transformers.js model loaded in ${loadMs.toFixed(0)} ms`);

  const generate = async (promptLength: number, newTokens: number) => {
    const ids = benchTokens(promptLength);
    const streamer = new StampStreamer();
    const output = await model.generate({
      input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
      max_new_tokens: newTokens,
      do_sample: false,
      // null (not in its types) stops the model's eos id from ending random-weight runs early.
      eos_token_id: null as unknown as undefined,
      // Its types ask for a TextStreamer; generate only calls put() and end().
      streamer: streamer as unknown as TextStreamer,
    });
    // stamps[0]: prompt; stamps[1]: first token (prefill); later gaps: one decode step each.
    const gaps = streamer.stamps.slice(2).map((t, i) => t - streamer.stamps[i + 1]);
    return { gaps, ids: sequenceOf(output).slice(ids.length) };
  };

  const warm = await generate(16, 5);
  // The same settling as the app's engine gets (bench/shared/settle.ts).
  const gapMedian = (gaps: number[]): number => median(gaps) ?? Number.NaN;
  const warmup = await settle(async () => gapMedian((await generate(15, 6)).gaps), request.warmup);
  log(`transformers.js warm-up ${warmup.ms} ms: ${warmup.firstMs} → ${warmup.settledMs} ms/token`);
  const decode: TjsRunResult['decode'] = [];
  for (const context of request.contexts) {
    const { gaps } = await generate(context - 1, request.newTokens + 1);
    const perTokenMs = gapMedian(gaps);
    decode.push({
      context,
      steps: gaps.length,
      perTokenMs: Number(perTokenMs.toFixed(2)),
      tokensPerSec: Number((1000 / perTokenMs).toFixed(2)),
    });
    log(`transformers.js @${context}: ${perTokenMs.toFixed(1)} ms/token`);
  }
  await model.dispose();
  return {
    kind: 'tjs',
    threadsAsked: request.threads,
    threadsUsed: onnx.wasm.numThreads ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    loadMs: Math.round(loadMs),
    runtimeFiles: runtimeFiles(),
    decode,
    greedy16: warm.ids,
    warmup,
  };
}
