import { describe, expect, it } from 'vitest';
import { parseContender } from './dawnArgs';
import { dawnTable, greedySummary, type DawnResult } from './dawnReport';
import { appRun, step } from './resultFixtures';

function result(spec: string, more: Partial<DawnResult> = {}): DawnResult {
  const { prefillMs, decode, naive, greedy16, warmup } = appRun();
  const figures = { prefillMs, decode, naive, greedy16, warmup };
  return { ...parseContender(spec), ...figures, sessionMs: 900, threads: 1, ...more };
}

describe('dawnTable', () => {
  it('writes a Markdown row per contender over the contexts any of them ran', () => {
    const table = dawnTable([
      result('webgpu:hf+gpu-cache', { decode: [step(16, 22.4), step(1000, 27.25)] }),
      result('wasm:slots', { decode: [step(16, 70)], prefillMs: {} }),
    ]);
    expect(table.split('\n')).toEqual([
      '| contender | session ms | step @16 | step @1000 | prefill 128 |',
      '| webgpu hf gpu-cache | 900 | 22.40 | 27.25 | 200 |',
      '| wasm slots | 900 | 70.00 |  |  |',
    ]);
  });
});

describe('greedySummary', () => {
  it('says whether every contender generated the same tokens, then lists them', () => {
    const same = [result('wasm:slots'), result('webgpu:hf')];
    expect(greedySummary(same)).toBe(
      'greedy tokens: the same everywhere wasm slots: 1 2 3 4 5; webgpu hf: 1 2 3 4 5',
    );
    const differ = [result('wasm:slots'), result('webgpu:hf', { greedy16: [1, 2, 3, 4, 9] })];
    expect(greedySummary(differ)).toMatch(/^greedy tokens DIFFER /);
  });
});
