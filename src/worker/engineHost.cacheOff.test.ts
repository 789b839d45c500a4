/** A Stop during a step without the KV cache: read between the blocks of the recompute. */
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerRequest } from './protocol';
import { nextTask } from './nextTask';
import { greedy, loaded, releaseSessions } from './testing/hostFixtures';

afterAll(releaseSessions);

/** 150 prompt tokens: each step without the cache reads its sequence in three blocks of 64. */
const LONG_PROMPT = Array.from({ length: 150 }, (_, i) => 262 + (i % 40));

const generate = (id: number, cache: boolean): WorkerRequest => ({
  kind: 'generate',
  id,
  promptIds: LONG_PROMPT,
  config: { ...greedy(4), cache },
  run: 'all',
});

describe('EngineHost without the KV cache', () => {
  it('a Stop posted during a step is read between its blocks: no step event, and Continue makes it', async () => {
    // As in the browser's WASM build, the page's messages are read only when the host awaits a
    // task. The cancel arrives on the second turn after step 2 was posted: the first is the one
    // before step 3, the second falls between step 3's first two blocks.
    const mailbox: WorkerRequest[] = [];
    let turnsAfterStep2: number | null = null;
    const turn = async () => {
      if (turnsAfterStep2 !== null && ++turnsAfterStep2 === 2) {
        mailbox.push({ kind: 'cancel', id: 3 });
      }
      for (const request of mailbox.splice(0)) void host.handle(request);
      await nextTask();
    };
    const { host, events, hooks, tokens } = await loaded({ nextTask: turn });
    await host.handle(generate(1, true));
    const cached = tokens(1);
    expect(cached).toHaveLength(4);

    hooks.onEvent = (event) => {
      if (event.kind === 'step' && event.id === 2 && event.record.step === 2) turnsAfterStep2 = 0;
    };
    await host.handle(generate(2, false));
    expect(turnsAfterStep2).toBe(2);
    expect(tokens(2)).toEqual(cached.slice(0, 2));
    expect(events.at(-1)).toEqual({ kind: 'paused', id: 2, steps: 2 });
    expect(events.some((e) => e.kind === 'error')).toBe(false);

    hooks.onEvent = null;
    turnsAfterStep2 = null;
    await host.handle({ kind: 'step', id: 4, run: 'all' });
    expect(tokens(4)).toEqual(cached.slice(2));
    expect(events.at(-1)).toEqual({ kind: 'done', id: 4, reason: 'max_steps', steps: 4 });
    const contexts = events.flatMap((e) =>
      e.kind === 'step' && e.id !== 1 ? [e.record.contextLength] : [],
    );
    expect(contexts).toEqual([150, 151, 152, 153]);
  });
});
