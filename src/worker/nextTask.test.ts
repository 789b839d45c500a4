/** The turn of the event loop the engine host takes between steps. */
import { describe, expect, it } from 'vitest';
import { nextTask } from './nextTask';

describe('nextTask', () => {
  it('resolves after a message that was already waiting has been handled', async () => {
    // The page's Stop, posted to the worker while a step ran.
    const { port1, port2 } = new MessageChannel();
    const handled: string[] = [];
    port1.onmessage = (event: MessageEvent<string>) => {
      handled.push(event.data);
      port1.close();
    };
    port2.postMessage('cancel');
    // Promise jobs alone never let it through: that was the plain WASM build's step loop.
    for (let i = 0; i < 100; i++) await Promise.resolve();
    expect(handled).toEqual([]);
    await nextTask();
    expect(handled).toEqual(['cancel']);
  });
});
