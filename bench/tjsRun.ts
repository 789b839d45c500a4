/**
 * The peer: transformers.js greedy `generate` on the same model folder, with its own
 * onnxruntime-web files served locally and the same thread count.
 * Per-token ms = (time for N+1 new tokens − time for 1 new token) / N, which removes the prefill.
 */
import { benchTokens, median, type BenchRequest, type TjsRunResult } from './protocol';

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
  const { env, AutoModelForCausalLM, Tensor } = await import('@huggingface/transformers');
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = request.localModelPath;
  env.useBrowserCache = false;
  const onnx = env.backends.onnx;
  if (!onnx.wasm) throw new Error('transformers.js exposes no onnxruntime-web wasm settings');
  onnx.wasm.numThreads = request.threads;
  // A folder prefix (not a {wasm, mjs} object) also keeps its blob-URL "WASM cache" out of play.
  onnx.wasm.wasmPaths = request.wasmPrefix;

  const t0 = performance.now();
  const model = await AutoModelForCausalLM.from_pretrained(request.modelId, {
    dtype: 'fp32',
    device: 'wasm',
  });
  const loadMs = performance.now() - t0;
  log(`transformers.js model loaded in ${loadMs.toFixed(0)} ms`);

  const ids = benchTokens(request.promptLength);
  const inputIds = new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);
  const mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
  const generate = async (newTokens: number): Promise<{ ms: number; ids: number[] }> => {
    const start = performance.now();
    const output = await model.generate({
      input_ids: inputIds,
      attention_mask: mask,
      max_new_tokens: newTokens,
      do_sample: false,
      // null (not in its types) stops the model's eos id from ending random-weight runs early.
      eos_token_id: null as unknown as undefined,
    });
    return { ms: performance.now() - start, ids: sequenceOf(output) };
  };

  const warm = await generate(5);
  const one: number[] = [];
  const many: number[] = [];
  for (let i = 0; i < request.repeats; i++) {
    one.push((await generate(1)).ms);
    many.push((await generate(request.newTokens + 1)).ms);
  }
  const oneTokenMs = median(one);
  const manyTokensMs = median(many);
  const perTokenMs = (manyTokensMs - oneTokenMs) / request.newTokens;
  log(`transformers.js: ${perTokenMs.toFixed(1)} ms/token`);
  await model.dispose();
  return {
    kind: 'tjs',
    threadsAsked: request.threads,
    threadsUsed: onnx.wasm.numThreads ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    loadMs: Math.round(loadMs),
    promptLength: request.promptLength,
    newTokens: request.newTokens,
    oneTokenMs: Number(oneTokenMs.toFixed(2)),
    manyTokensMs: Number(manyTokensMs.toFixed(2)),
    perTokenMs: Number(perTokenMs.toFixed(2)),
    tokensPerSec: Number((1000 / perTokenMs).toFixed(2)),
    greedy16: warm.ids.slice(ids.length),
  };
}
