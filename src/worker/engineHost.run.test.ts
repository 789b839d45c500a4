/** Running generations in the engine host: steps, pauses, history, cancel, forced tokens, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerRequest } from './protocol';
import {
  gen,
  loaded,
  makeHost,
  PROMPT,
  releaseSessions,
  greedyReference,
} from './testing/hostFixtures';

afterAll(releaseSessions);

let reference: number[];
beforeAll(async () => {
  reference = await greedyReference();
});

describe('EngineHost running generations', () => {
  it('generates with run "all": prefill, steps 1..N, done max_steps', async () => {
    const { host, events, of, tokens } = await loaded();
    await host.handle(gen(2, 6, 'all'));
    expect(events[0]).toMatchObject({ kind: 'prefill', id: 2, promptLength: PROMPT.length });
    expect(of('step').map((e) => e.record.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(of('step').map((e) => e.record.contextLength)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(events.at(-1)).toEqual({ kind: 'done', id: 2, reason: 'max_steps', steps: 6 });
    expect(events.every((e) => e.id === 2)).toBe(true);
    expect(tokens()).toEqual(reference);
    for (const { record } of of('step')) {
      expect(record.candidates.length).toBeGreaterThanOrEqual(20);
      expect(record.candidates[0].id).toBe(record.tokenId);
    }
  });

  it('pauses after `run` steps; step continues one at a time, then to the end', async () => {
    const { host, events, of, tokens } = await loaded();
    await host.handle(gen(2, 6, 1));
    expect(events.map((e) => e.kind)).toEqual(['prefill', 'step', 'paused']);
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 2, steps: 1 });
    await host.handle({ kind: 'step', id: 3, run: 1 });
    expect(of('step', 3).map((e) => e.record.step)).toEqual([2]);
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 3, steps: 2 });
    await host.handle({ kind: 'step', id: 4, run: 'all' });
    expect(of('step', 4).map((e) => e.record.step)).toEqual([3, 4, 5, 6]);
    expect(events.at(-1)).toEqual({ kind: 'done', id: 4, reason: 'max_steps', steps: 6 });
    expect(tokens()).toEqual(reference);
    // A run of exactly the remaining steps ends as done, not paused.
    await host.handle(gen(5, 2, 2));
    expect(events.at(-1)).toEqual({ kind: 'done', id: 5, reason: 'max_steps', steps: 2 });
  });

  it('continues from inherited steps (history) exactly as the uninterrupted run', async () => {
    const { host, events, of } = await loaded();
    const history = reference.slice(0, 3);
    await host.handle({ ...gen(2, 6, 'all'), history } as WorkerRequest);
    expect(events[0]).toMatchObject({ kind: 'prefill', promptLength: PROMPT.length + 3 });
    expect(of('step').map((e) => [e.record.step, e.record.tokenId])).toEqual(
      reference.slice(3).map((id, i) => [4 + i, id]),
    );
    expect(events.at(-1)).toEqual({ kind: 'done', id: 2, reason: 'max_steps', steps: 6 });
  });

  it('a step with a larger maxSteps goes on past a finished run', async () => {
    const { host, events, of } = await loaded();
    await host.handle(gen(2, 3, 'all'));
    expect(events.at(-1)).toEqual({ kind: 'done', id: 2, reason: 'max_steps', steps: 3 });
    await host.handle({ kind: 'step', id: 3, run: 1, maxSteps: 4 });
    expect(of('step', 3).map((e) => [e.record.step, e.record.tokenId])).toEqual([
      [4, reference[3]],
    ]);
    expect(events.at(-1)).toEqual({ kind: 'done', id: 3, reason: 'max_steps', steps: 4 });
  });

  it('cancel stops a run between steps; a later step continues where it stopped', async () => {
    const { host, events, hooks, tokens } = await loaded();
    let cancelled: Promise<void> | null = null;
    hooks.onEvent = (event) => {
      // Stop arrives while step 3 is being shown, as when the user presses Stop mid-run.
      if (event.kind === 'step' && event.record.step === 3) {
        cancelled ??= host.handle({ kind: 'cancel', id: 3 });
      }
    };
    await host.handle(gen(2, 6, 'all'));
    await cancelled;
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 2, steps: 3 });
    expect(events.some((e) => e.id === 3)).toBe(false);
    await host.handle({ kind: 'step', id: 4, run: 'all' });
    expect(events.at(-1)).toEqual({ kind: 'done', id: 4, reason: 'max_steps', steps: 6 });
    expect(tokens()).toEqual(reference);
  });

  it('a Stop posted during a step is read before the next one, on a runtime that never yields', async () => {
    // The worker handles a message only when its event loop gets a turn. onnxruntime-web's plain
    // WASM build computes a step without giving it one, so the page's messages wait here until
    // the host awaits the next task (or its run is over).
    const mailbox: WorkerRequest[] = [];
    const deliver = async () => {
      for (const request of mailbox.splice(0)) void host.handle(request);
    };
    const { host, events, hooks, tokens } = await loaded({ nextTask: deliver });
    hooks.onEvent = (event) => {
      // Stop is pressed while step 3 is on the screen and step 4 is being computed.
      if (event.kind === 'step' && event.record.step === 3) mailbox.push({ kind: 'cancel', id: 3 });
    };
    await host.handle(gen(2, 6, 'all'));
    await deliver();
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 2, steps: 3 });
    hooks.onEvent = null;
    await host.handle({ kind: 'step', id: 4, run: 'all' });
    expect(events.at(-1)).toEqual({ kind: 'done', id: 4, reason: 'max_steps', steps: 6 });
    expect(tokens()).toEqual(reference);
  });

  it('a second generate supersedes the one running', async () => {
    const { host, events, hooks, of, tokens } = await loaded();
    let second: Promise<void> | null = null;
    hooks.onEvent = (event) => {
      if (event.kind === 'step' && event.id === 2 && event.record.step === 2) {
        second ??= host.handle(gen(3, 4, 'all'));
      }
    };
    const first = host.handle(gen(2, 50, 'all'));
    await first;
    await second;
    expect(of('step', 2)).toHaveLength(2);
    expect(of('paused', 2)).toEqual([{ kind: 'paused', id: 2, steps: 2 }]);
    expect(of('done', 2)).toEqual([]);
    expect(of('prefill', 3)).toHaveLength(1);
    expect(tokens(3)).toEqual(reference.slice(0, 4));
    expect(events.at(-1)).toEqual({ kind: 'done', id: 3, reason: 'max_steps', steps: 4 });
  });

  it('forces the token of the first step of a step request', async () => {
    const { host, of } = await loaded();
    await host.handle(gen(2, 6, 1));
    const forcedId = reference[1] === 13 ? 11 : 13;
    await host.handle({ kind: 'step', id: 3, run: 2, forcedTokenId: forcedId });
    const [forced, after] = of('step', 3).map((e) => e.record);
    expect(forced).toMatchObject({ step: 2, tokenId: forcedId, forced: true });
    expect(after).toMatchObject({ step: 3, forced: false });
    expect(of('step', 2)[0].record.forced).toBe(false);
  });

  it('answers generate and step without a model with errors, not exceptions', async () => {
    const { host, events } = makeHost();
    await host.handle(gen(1, 3, 1));
    expect(events).toEqual([
      { kind: 'error', id: 1, code: 'no_model', message: 'no model is loaded yet' },
    ]);
    await host.handle({ kind: 'step', id: 2, run: 1 });
    expect(events[1]).toMatchObject({ kind: 'error', id: 2, code: 'bad_request' });
  });

  it('reports a bad forced token as an error and keeps the run', async () => {
    const { host, events } = await loaded();
    await host.handle(gen(2, 6, 1));
    await host.handle({ kind: 'step', id: 3, run: 1, forcedTokenId: 60000 });
    expect(events.at(-1)).toMatchObject({ kind: 'error', id: 3, code: 'bad_request' });
    await host.handle({ kind: 'step', id: 4, run: 1 });
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 4, steps: 2 });
  });
});
