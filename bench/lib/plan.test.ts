import { describe, expect, it } from 'vitest';
import { contenderName, enginePlanFor, makePlan, tinyWebgpuPlans } from './plan';

const names = (quick: boolean): string[] => makePlan(quick).contenders.map((c) => contenderName(c));

describe('makePlan', () => {
  it('keeps in --quick the contenders the targets are read from', () => {
    expect(names(true)).toEqual(['wasm 2t', 'wasm 2t q8-file', 'node 2t q8-file', 'node 2t']);
  });

  it('adds in a full run one thread, the Hub file, the WebGPU build, sleeping threads, WASM in Node', () => {
    expect(names(false)).toEqual([
      'wasm 1t',
      'wasm 2t',
      'wasm 2t hf-file',
      'wasm 2t q8-file',
      'wasm 2t webgpu-build',
      'node 1t',
      'node 2t',
      'node 2t hf-file',
      'node 2t q8-file',
      'node 2t nospin',
      'node-wasm 2t',
    ]);
  });

  it('measures less in --quick: fewer contexts, steps and rounds, and no trace of the UI', () => {
    const [quick, full] = [makePlan(true), makePlan(false)];
    expect(full.engine.contexts).toEqual(expect.arrayContaining(quick.engine.contexts));
    expect(quick.engine.contexts.length).toBeLessThan(full.engine.contexts.length);
    expect(quick.engine.decodeSteps * quick.engine.rounds).toBeLessThan(
      full.engine.decodeSteps * full.engine.rounds,
    );
    expect([quick.ui.trace, full.ui.trace]).toEqual([false, true]);
    expect([quick.webgpuTinySteps > 0, full.webgpuTinySteps > 0]).toEqual([false, true]);
  });
});

describe('contenderName', () => {
  it('names only what differs from the app, compact in the ratios’ keys', () => {
    const c = { runtime: 'wasm', threads: 2, variant: 'q8', build: 'webgpu' } as const;
    expect(contenderName(c)).toBe('wasm 2t q8-file webgpu-build');
    expect(contenderName(c, true)).toBe('wasm2t q8-file webgpu-build');
    expect(contenderName({ runtime: 'node', threads: 1, variant: 'slots', spinning: false })).toBe(
      'node 1t nospin',
    );
  });
});

describe('enginePlanFor', () => {
  const plan = makePlan(false);
  const [wasm1, wasm2] = plan.contenders;
  const node1 = plan.contenders.find((c) => c.runtime === 'node')!;

  it('adds the naive loop only where the contender asks for it', () => {
    expect(wasm2.naive).toBe(true);
    expect(enginePlanFor(plan, wasm2).naiveContexts).toEqual(plan.naive.naiveContexts);
    expect(enginePlanFor(plan, wasm2).naiveSteps).toBe(plan.naive.naiveSteps);
    expect(enginePlanFor(plan, wasm1).naiveContexts).toEqual([]);
  });

  it('settles native Node briefly and WASM as the plan says', () => {
    expect(enginePlanFor(plan, node1).warmup).toEqual({ minMs: 2000, maxMs: 10_000 });
    expect(enginePlanFor(plan, wasm1).warmup).toEqual(plan.engine.warmup);
    expect(enginePlanFor(plan, node1).contexts).toEqual(plan.engine.contexts);
  });
});

describe('tinyWebgpuPlans', () => {
  it('times a few steps at 16 after one warm-up batch on WebGPU, a settled warm-up on WASM', () => {
    const { webgpu, wasm } = tinyWebgpuPlans(3);
    expect(webgpu).toMatchObject({ contexts: [16], prefill: [16], decodeSteps: 3, rounds: 1 });
    expect(webgpu.warmup.maxMs).toBe(0);
    expect(wasm).toEqual({ ...webgpu, warmup: { minMs: 5000, maxMs: 15_000 } });
  });
});
