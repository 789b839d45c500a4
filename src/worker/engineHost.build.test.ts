/**
 * A model built in the browser, in the engine host: the build runs before the model file is read,
 * with download and build progress; a cancel aborts it; the run and the inspection read the
 * built folder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../engine/build/browserBuild';
import { builtModel } from '../engine/modelCatalog';
import { fetchModelFiles } from '../engine/modelFiles';
import { MemoryCache } from '../engine/testing/memoryCache';
import { tinyCheckpoint } from '../engine/testing/tinyCheckpoint';
import type { HostDeps } from './hostDeps';
import type { WorkerRequest } from './protocol';
import { gen, LOAD, loaded, makeHost, PROMPT, releaseSessions } from './testing/hostFixtures';

afterAll(releaseSessions);

const HUB = 'https://huggingface.co/openai-community/gpt2/resolve/main/';
const BUILT = builtModel('openai-community/gpt2');
const LOAD_BUILT: WorkerRequest = { ...LOAD, model: BUILT };
const { files: checkpoint } = tinyCheckpoint();

/** The Hub's files of the repo, and a host whose model cache is `cache`. */
function builtDeps(cache: MemoryCache): Partial<HostDeps> {
  const fetchImpl = (async (input: string | URL | Request) => {
    const bytes = checkpoint[String(input).slice(HUB.length)];
    return bytes ? new Response(bytes.slice()) : new Response('not found', { status: 404 });
  }) as typeof fetch;
  return {
    buildModel: async (spec, onDownload, onBuild, signal) => {
      await ensureBuilt(spec, { cache: cache.asCache, fetchImpl, signal, onDownload, onBuild });
    },
    fetchModel: (spec, baseHref, onProgress, signal) =>
      fetchModelFiles(spec, { cache: cache.asCache, fetchImpl, baseHref, onProgress, signal }),
  };
}

describe('EngineHost loading a model built in the browser', () => {
  it('downloads the weights, builds each file with progress, then runs the same tokens as the app’s tiny-gpt2', async () => {
    const cache = new MemoryCache();
    const { host, events, of, tokens } = makeHost(builtDeps(cache));
    await host.handle(LOAD_BUILT);
    const progress = of('progress', 1);
    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(['download', 'build', 'session', 'warmup']);
    const weights = progress.filter((p) => p.file === 'model.safetensors');
    expect(weights.at(-1)).toMatchObject({
      phase: 'download',
      loaded: checkpoint['model.safetensors'].length,
    });
    expect(
      progress.filter((p) => p.phase === 'build').map((p) => [p.file, p.loaded, p.total]),
    ).toEqual([
      ['onnx/model_slots.onnx', 0, 3],
      ['onnx/model_slots_quantized.onnx', 1, 3],
      ['onnx/model_inspect.onnx', 2, 3],
      ['onnx/model_inspect.onnx', 3, 3],
    ]);
    expect(events.at(-1)).toMatchObject({ kind: 'ready', modelId: BUILT.id, backend: 'wasm' });
    await host.handle(gen(2, 6, 'all'));

    const reference = await loaded();
    await reference.host.handle(gen(2, 6, 'all'));
    expect(tokens(2)).toHaveLength(6);
    expect(tokens(2)).toEqual(reference.tokens(2));

    // The inspection finds onnx/model_inspect.onnx in the built folder.
    await host.handle({
      kind: 'inspect',
      id: 3,
      ids: PROMPT,
      focus: { layer: 0, head: 0 },
      everyPosition: true,
    });
    expect(of('inspected', 3)[0].outcome.kind).toBe('done');

    // Loaded again: found whole in the cache, nothing downloaded or built.
    await host.handle({ ...LOAD_BUILT, id: 4 });
    expect(of('progress', 4).map((p) => p.phase)).not.toContain('build');
    expect(of('progress', 4).map((p) => p.file)).not.toContain('model.safetensors');
    expect(events.at(-1)).toMatchObject({ kind: 'ready', id: 4, fromCache: true });
  });

  it('a cancel during the build ends the load quietly; the next load builds the rest', async () => {
    const cache = new MemoryCache();
    const { host, events, hooks, of } = makeHost(builtDeps(cache));
    hooks.onEvent = (event) => {
      if (event.kind === 'progress' && event.phase === 'build' && event.loaded === 1) {
        void host.handle({ kind: 'cancel', id: 2 });
      }
    };
    await host.handle(LOAD_BUILT);
    expect(events.at(-1)).toEqual({ kind: 'cancelled', id: 1 });
    expect(of('ready')).toEqual([]);
    hooks.onEvent = null;
    await host.handle({ ...LOAD_BUILT, id: 3 });
    const builds = of('progress', 3).filter((p) => p.phase === 'build');
    expect(builds[0]).toMatchObject({ file: 'onnx/model_inspect.onnx', loaded: 0, total: 1 });
    expect(events.at(-1)).toMatchObject({ kind: 'ready', id: 3 });
  });

  it('an engine without a build refuses a built model as a bad request', async () => {
    const { host, events } = makeHost();
    await host.handle(LOAD_BUILT);
    expect(events).toEqual([expect.objectContaining({ kind: 'error', code: 'bad_request' })]);
  });
});
