/**
 * WebGPU failing mid-run (a lost device, a driver limit): the host reopens the model on WASM,
 * prefills everything read so far, says so, and the run goes on with the same tokens.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import type { GenerationConfig } from '../engine/generation';
import { localModel } from '../engine/modelCatalog';
import type { ModelFiles } from '../engine/modelFiles';
import { parseModelConfig } from '../engine/modelShape';
import { DEFAULT_SAMPLING, type SamplingParams } from '../engine/sampling';
import { encodeText } from '../engine/tokenizer';
import { EngineHost } from './engineHost';
import type { CreatedSession } from './hostDeps';
import { nextTask } from './nextTask';
import type { Backend, EventOf, WorkerEvent, WorkerRequest } from './protocol';

const TINY_DIR = fileURLToPath(new URL('../../public/models/tiny-gpt2/', import.meta.url));
const FILES: ModelFiles = {
  shape: parseModelConfig(JSON.parse(readFileSync(`${TINY_DIR}config.json`, 'utf8'))),
  modelBytes: readFileSync(`${TINY_DIR}onnx/model.onnx`),
  modelFile: 'onnx/model.onnx',
  fromCache: false,
};
const PROMPT = encodeText('Once upon a time');
const GREEDY: SamplingParams = { ...DEFAULT_SAMPLING, strategy: 'greedy' };
const SAMPLED: SamplingParams = { ...DEFAULT_SAMPLING, strategy: 'sample', seed: 7, topK: 40 };
const LOST = 'GPU device was lost';

const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.release().catch(() => undefined)));
});

/** A real session whose `failOnRun`-th model run throws, as a lost WebGPU device does. */
async function session(
  failOnRun: number | null,
  /** Receives the token ids each run is fed. */
  fed: number[][] = [],
): Promise<CreatedSession> {
  const real = await ort.InferenceSession.create(FILES.modelBytes, { intraOpNumThreads: 2 });
  sessions.push(real);
  let runs = 0;
  const failing = new Proxy(real, {
    get(target, prop) {
      if (prop === 'run') {
        return (feeds: ort.InferenceSession.FeedsType) => {
          runs++;
          fed.push(Array.from(feeds.input_ids.data as BigInt64Array, Number));
          return runs === failOnRun ? Promise.reject(new Error(LOST)) : target.run(feeds);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { session: failing, threads: 2, Tensor: ort.Tensor };
}

/**
 * A host whose `failing` backend's session throws on its `failOnRun`-th run (run 1 is the load's
 * warm-up, run 2 the prefill, run k + 1 the model run of step k); the other backend never fails.
 */
async function loadedHost(failing: Backend, failOnRun: number | null) {
  const events: WorkerEvent[] = [];
  const opened: Backend[] = [];
  /** The token ids fed to each run, per session opened. */
  const fed: number[][][] = [];
  /** The file each download looked for first. */
  const firstFiles: string[] = [];
  const host = new EngineHost({
    post: (event) => events.push(event),
    fetchModel: async (spec) => {
      firstFiles.push(spec.modelFiles[0]);
      return FILES;
    },
    createSession: (_bytes, backend) => {
      opened.push(backend);
      fed.push([]);
      return session(backend === failing ? failOnRun : null, fed.at(-1));
    },
    probeAdapter: async () => ({ vendor: 'nvidia', architecture: 'ampere', fallback: false }),
    now: () => 0,
    nextTask,
  });
  const ep = failing === 'webgpu' ? 'webgpu' : 'wasm';
  await host.handle({ kind: 'load', id: 1, model: localModel('tiny-gpt2'), ep, baseHref: '/' });
  expect(events.at(-1)).toMatchObject({ kind: 'ready', backend: ep });
  events.length = 0;
  const of = <K extends WorkerEvent['kind']>(kind: K): EventOf<K>[] =>
    events.filter((e): e is EventOf<K> => e.kind === kind);
  const steps = () => of('step').map((e) => [e.record.step, e.record.tokenId]);
  return { host, events, opened, fed, of, steps, firstFiles };
}

const generate = (sampling: SamplingParams, run: number | 'all'): WorkerRequest => {
  const config: GenerationConfig = { maxSteps: 6, sampling, candidateCount: 20 };
  return { kind: 'generate', id: 2, promptIds: PROMPT, config, run };
};

/** [step, token] of an uninterrupted 6-step run. */
async function uninterrupted(sampling: SamplingParams): Promise<number[][]> {
  const { host, steps } = await loadedHost('webgpu', null);
  await host.handle(generate(sampling, 'all'));
  return steps();
}

describe('WebGPU failing mid-run', () => {
  it.each([
    ['greedy', GREEDY],
    ['seeded sampling', SAMPLED],
  ])('goes on on WASM from the failed step with the same tokens (%s)', async (_, sampling) => {
    const expected = await uninterrupted(sampling);
    // Run 4 is the model run of step 3.
    const { host, events, opened, of, steps, firstFiles } = await loadedHost('webgpu', 4);
    await host.handle(generate(sampling, 4));
    expect(opened).toEqual(['webgpu', 'wasm']);
    // WebGPU loaded the Hub-interface file; WASM asks for its own (the slots file) first.
    expect(firstFiles).toEqual(['onnx/model.onnx', 'onnx/model_slots.onnx']);
    const kinds = events.map((e) => (e.kind === 'step' ? e.record.step : e.kind));
    expect(kinds).toEqual(['prefill', 1, 2, 'fallback', 3, 4, 'paused']);
    expect(of('fallback')[0]).toEqual({
      kind: 'fallback',
      id: 2,
      backend: 'wasm',
      threads: 2,
      backendNote: { key: 'backendWebgpuFailed', params: { reason: LOST } },
      reason: LOST,
      step: 3,
    });
    // The read context is rebuilt: step 3 read the prompt and steps 1–2, as it would have.
    expect(of('step')[2].record.contextLength).toBe(PROMPT.length + 2);
    // A later `step` request continues the rebuilt generation on WASM.
    await host.handle({ kind: 'step', id: 3, run: 'all' });
    expect(events.at(-1)).toEqual({ kind: 'done', id: 3, reason: 'max_steps', steps: 6 });
    expect(steps()).toEqual(expected);
    expect(opened).toEqual(['webgpu', 'wasm']);
  });

  it('warms the WASM session up before it prefills what was read', async () => {
    const { host, fed, steps } = await loadedHost('webgpu', 4);
    await host.handle(generate(GREEDY, 4));
    const [, wasmRuns] = fed;
    // Run 1: the warm-up's single token (end-of-text), as at load; run 2: the prompt and the
    // two tokens generated on WebGPU, in one parallel pass; then one token per step.
    expect(wasmRuns[0]).toEqual([FILES.shape.eosTokenId]);
    expect(wasmRuns[1]).toEqual([
      ...PROMPT,
      ...steps()
        .slice(0, 2)
        .map(([, id]) => id),
    ]);
    expect(wasmRuns.slice(2).every((ids) => ids.length === 1)).toBe(true);
  });

  it('falls back when the prefill itself fails, before step 1', async () => {
    const expected = await uninterrupted(GREEDY);
    const { host, events, of, steps } = await loadedHost('webgpu', 2);
    await host.handle(generate(GREEDY, 'all'));
    expect(of('fallback')[0]).toMatchObject({ step: 1, backend: 'wasm' });
    expect(events.at(-1)).toEqual({ kind: 'done', id: 2, reason: 'max_steps', steps: 6 });
    expect(steps()).toEqual(expected);
  });

  it('reports a failure on WASM as an error, with nothing to fall back to', async () => {
    const { host, events, of, opened } = await loadedHost('wasm', 4);
    await host.handle(generate(GREEDY, 'all'));
    expect(of('fallback')).toEqual([]);
    expect(opened).toEqual(['wasm']);
    expect(events.at(-1)).toEqual({ kind: 'error', id: 2, code: 'internal', message: LOST });
    expect(of('step')).toHaveLength(2);
  });

  it('refuses a prompt longer than the context without taking it for a GPU failure', async () => {
    const { host, events, of, opened } = await loadedHost('webgpu', null);
    const long = { ...generate(GREEDY, 1), promptIds: new Array(300).fill(262) } as WorkerRequest;
    await host.handle(long);
    expect(events.at(-1)).toMatchObject({ kind: 'error', id: 2 });
    expect(of('fallback')).toEqual([]);
    expect(opened).toEqual(['webgpu']);
  });

  it('refuses a bad forced token without taking it for a GPU failure', async () => {
    const { host, events, of } = await loadedHost('webgpu', null);
    await host.handle({ ...generate(GREEDY, 1), forcedTokenId: 60000 } as WorkerRequest);
    expect(events.at(-1)).toMatchObject({ kind: 'error', id: 2, code: 'bad_request' });
    expect(of('fallback')).toEqual([]);
  });
});
