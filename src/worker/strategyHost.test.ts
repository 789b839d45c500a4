/** strategyHost's answers that need no model: refused settings and a file Jacobi cannot read. */
import { describe, expect, it } from 'vitest';
import type { KvCacheDecoder } from '../engine/decoder';
import { TINY_GPT2 } from '../engine/modelShape';
import type { HostDeps } from './hostDeps';
import type { WorkerEvent } from './protocol';
import { runStrategy, strategyProblem } from './strategyHost';

/**
 * A decoder that reads nothing: a slots decoder without every position's prediction, as the
 * files written before the `argmax_all` output are. Any model run fails the test.
 */
const lastPositionOnly = {
  layout: 'slots',
  shape: TINY_GPT2,
  length: 0,
  allPositionsProblem: 'this slots file returns the last position only',
  reset: () => undefined,
  append: () => Promise.reject(new Error('no model run was expected')),
  appendAll: () => Promise.reject(new Error('no model run was expected')),
} as unknown as KvCacheDecoder;

function host() {
  const events: WorkerEvent[] = [];
  const deps = { post: (e: WorkerEvent) => events.push(e), now: () => 0 } as unknown as HostDeps;
  return { events, deps };
}

describe('strategyHost', () => {
  it('answers Jacobi decoding on a file without every position’s prediction with a refusal', async () => {
    const { events, deps } = host();
    const request = {
      kind: 'strategy' as const,
      id: 4,
      promptIds: [1, 2, 3],
      settings: { strategy: 'jacobi' as const, window: 4, maxTokens: 5 },
      compareGreedy: true,
    };
    await runStrategy(lastPositionOnly, request, deps, async () => false);
    expect(events).toHaveLength(1);
    const [event] = events;
    if (event.kind !== 'strategy-done') throw new Error(`unexpected ${event.kind}`);
    expect(event.outcome).toMatchObject({ strategy: 'jacobi', refused: 'all_logits_missing' });
    expect('detail' in event.outcome && event.outcome.detail).toMatch(/^Jacobi decoding reads/);
  });

  it('names the setting that is out of range', () => {
    const beam = { strategy: 'beam' as const, beams: 3, maxSteps: 10, lengthPenalty: 1 };
    expect(strategyProblem(beam)).toBeNull();
    expect(strategyProblem({ ...beam, beams: 0 })).toBe('beams is 0');
    expect(strategyProblem({ ...beam, lengthPenalty: 4 })).toBe('lengthPenalty is 4');
    expect(strategyProblem({ ...beam, maxSteps: 0 })).toBe('maxSteps is 0');
    const jacobi = { strategy: 'jacobi' as const, window: 8, maxTokens: 10 };
    expect(strategyProblem(jacobi)).toBeNull();
    expect(strategyProblem({ ...jacobi, window: 9 })).toBe('window is 9');
    expect(strategyProblem({ ...jacobi, maxTokens: 2000 })).toBe('maxTokens is 2000');
  });
});
