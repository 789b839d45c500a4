/** Inspection passes in the engine host: the second session, its answers, and the run beside it. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { INSPECT_MODEL_FILE } from '../engine/inspect';
import { fetchModelFiles } from '../engine/modelFiles';
import { TINY_GPT2 } from '../engine/modelShape';
import type { HostDeps } from './hostDeps';
import type { EventOf, WorkerRequest } from './protocol';
import { gen, loaded, PROMPT, releaseSessions, TINY_DIR } from './testing/hostFixtures';

afterAll(releaseSessions);

/** The app's server with the inspection file too (the shared fixture serves model.onnx only). */
const withInspectFile: HostDeps['fetchModel'] = (spec, baseHref, onProgress, signal) =>
  fetchModelFiles(spec, {
    baseHref,
    onProgress,
    signal,
    fetchImpl: (async (input: string | URL | Request) => {
      const file = ['config.json', 'onnx/model.onnx', INSPECT_MODEL_FILE].find((f) =>
        String(input).endsWith(`/tiny-gpt2/${f}`),
      );
      if (!file) return new Response('not found', { status: 404 });
      return new Response(readFileSync(`${TINY_DIR}${file}`));
    }) as typeof fetch,
  });

const inspect = (id: number, ids: number[], everyPosition = false): WorkerRequest => ({
  kind: 'inspect',
  id,
  ids,
  focus: { layer: 0, head: 0 },
  everyPosition,
});

type Inspected = EventOf<'inspected'>;

describe('EngineHost inspection passes', () => {
  it('inspects step 3: the lens and the last logits agree with the step the run made', async () => {
    const { host, of } = await loaded({ fetchModel: withInspectFile });
    await host.handle(gen(2, 3, 'all'));
    const steps = of('step').map((e) => e.record);
    const context = [...PROMPT, steps[0].tokenId, steps[1].tokenId]; // what step 3 read
    await host.handle(inspect(3, context, true));
    const [answer] = of('inspected', 3);
    if (answer.outcome.kind !== 'done') throw new Error(`outcome ${answer.outcome.kind}`);
    const { inspection } = answer.outcome;
    expect(inspection.length).toBe(context.length);
    const { layers, heads } = TINY_GPT2;
    expect(inspection.lens).toHaveLength(layers);
    expect(inspection.lens[layers - 1][0].id).toBe(steps[2].tokenId);
    expect(inspection.lens[layers - 1][0].prob).toBeCloseTo(steps[2].candidates[0].prob, 4);
    expect(inspection.after.at(-1)?.[0].id).toBe(steps[2].tokenId);
    expect(inspection.after[PROMPT.length - 1][0].id).toBe(steps[0].tokenId);
    for (const head of inspection.newest.flat()) {
      expect(head).toHaveLength(context.length);
      expect(head.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect(inspection.grids).toHaveLength(layers * heads);
    expect(inspection.after).toHaveLength(context.length);
    // Without asking (a decode step's pass, the head on the newest row only): the same views,
    // no softmax at every position.
    await host.handle(inspect(5, context));
    const [plain] = of('inspected', 5);
    if (plain.outcome.kind !== 'done') throw new Error(`outcome ${plain.outcome.kind}`);
    const { after, ...views } = plain.outcome.inspection;
    expect(after).toEqual([]);
    const { after: everyAfter, ...prefillViews } = inspection;
    expect(everyAfter).toHaveLength(context.length);
    expect(views).toEqual(prefillViews);
    // A run inspected mid-way goes on as before.
    await host.handle({ kind: 'step', id: 6, run: 1, maxSteps: 4 });
    expect(of('step', 6)).toHaveLength(1);
  });

  it('answers `missing` for a folder without the file, and the run stays usable', async () => {
    const { host, of, events } = await loaded();
    await host.handle(gen(2, 2, 1));
    await host.handle(inspect(3, PROMPT));
    expect(of('inspected', 3)[0].outcome).toEqual({ kind: 'missing' });
    expect(events.some((e) => e.kind === 'error')).toBe(false);
    await host.handle({ kind: 'step', id: 4, run: 1 });
    expect(of('step', 4)).toHaveLength(1);
  });

  it('answers an inspect a newer one overtook with `superseded`', async () => {
    const { host, of } = await loaded({ fetchModel: withInspectFile });
    const first = host.handle(inspect(2, PROMPT));
    const second = host.handle(inspect(3, [...PROMPT, 11]));
    await Promise.all([first, second]);
    const outcomes = [...of('inspected', 2), ...of('inspected', 3)].map(
      (e: Inspected) => e.outcome,
    );
    expect(outcomes.map((o) => o.kind)).toEqual(['superseded', 'done']);
  });

  it('refuses token ids outside the vocabulary without running', async () => {
    const { host, of } = await loaded({ fetchModel: withInspectFile });
    await host.handle(inspect(2, [1, TINY_GPT2.vocab]));
    expect(of('inspected', 2)[0].outcome).toEqual({
      kind: 'failed',
      reason: 'other',
      message: 'a token id is out of the vocabulary',
    });
  });

  it('answers an inspection file the runtime cannot read with the reason `not_a_model`', async () => {
    const notAModel: HostDeps['fetchModel'] = async (spec, baseHref, onProgress, signal) => {
      const files = await withInspectFile(spec, baseHref, onProgress, signal);
      const inspecting = spec.modelFiles.includes(INSPECT_MODEL_FILE);
      return inspecting ? { ...files, modelBytes: new TextEncoder().encode('not a model') } : files;
    };
    const { host, of, events } = await loaded({ fetchModel: notAModel });
    await host.handle(inspect(2, PROMPT));
    const { outcome } = of('inspected', 2)[0];
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'not_a_model' });
    expect(events.some((e) => e.kind === 'error')).toBe(false);
  });
});
