import { describe, expect, it } from 'vitest';
import { computeRatios, ratio } from './ratios';
import {
  appRun,
  inspectAt,
  inspectRun,
  naive,
  nodeRun,
  ok,
  results,
  step,
  tjsRun,
} from './resultFixtures';

describe('ratio', () => {
  it('divides to the given decimals', () => {
    expect(ratio(2, 3)).toBe(0.67);
    expect(ratio(250, 25, 1)).toBe(10);
    expect(ratio(1234, 10, 0)).toBe(123);
  });

  it('is null when a figure is missing or the ratio is not finite', () => {
    expect(ratio(undefined, 2)).toBeNull();
    expect(ratio(2, undefined)).toBeNull();
    expect(ratio(2, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
  });
});

describe('computeRatios', () => {
  it('sets the inspection pass against the prefill of as many tokens, same runtime', () => {
    const q = computeRatios(
      results({
        wasm: [ok(appRun({ prefillMs: { '128': 500 } }))],
        node: [ok(nodeRun({ prefillMs: { '128': 100 } }))],
        inspect: {
          wasm: ok(inspectRun({ figures: [inspectAt(128, 1000)] })),
          node: ok(inspectRun({ runtime: 'node', figures: [inspectAt(512, 900)] })),
        },
      }),
    );
    expect(q['wasm2t inspect@128/prefill128']).toBe(2);
    // No pass at 128 on Node: no ratio.
    expect(q).not.toHaveProperty('node2t inspect@128/prefill128');
  });

  it('compares the app in Chromium with native Node at the same thread count', () => {
    const q = computeRatios(
      results({
        wasm: [ok(appRun({ decode: [step(128, 25)] }))],
        node: [ok(nodeRun({ decode: [step(128, 20)] }))],
      }),
    );
    // 40 tok/s against 50 tok/s.
    expect(q['wasm2t/node2t tok/s @128']).toBe(0.8);
    expect(q['wasm1t/node1t tok/s @128']).toBeUndefined();
  });

  it('names each engine for its step growth and its largest overhead', () => {
    const decode = [
      step(16, 20, { overheadPct: 1 }),
      step(128, 22, { overheadPct: 2.5 }),
      step(1000, 30, { overheadPct: 0.5 }),
    ];
    const q = computeRatios(
      results({
        wasm: [ok(appRun({ decode, variant: 'q8' }))],
        node: [ok(nodeRun({ decode, runtime: 'wasm', spinning: false }))],
      }),
    );
    expect(q['wasm2t q8-file step(1000)/step(16)']).toBe(1.5);
    expect(q['wasm2t q8-file max overhead %']).toBe(2.5);
    expect(q['node-wasm2t nospin step(1000)/step(16)']).toBe(1.5);
  });

  it('sets the 8-bit file against the float32 one, and the naive loop against the cached step', () => {
    const q = computeRatios(
      results({
        wasm: [
          ok(appRun({ decode: [step(16, 20), step(128, 25)], naive: [naive(128, 250)] })),
          ok(appRun({ variant: 'q8', decode: [step(16, 10), step(128, 25)] })),
        ],
      }),
    );
    expect(q['wasm2t q8-file/slots tok/s @16']).toBe(2);
    expect(q['wasm2t q8-file/slots tok/s @128']).toBe(1);
    expect(q['wasm2t naive/cached step @128']).toBe(10);
  });

  it('sets the app against transformers.js at each context transformers.js ran', () => {
    const q = computeRatios(
      results({ wasm: [ok(appRun({ decode: [step(16, 20)] }))], tjs: ok(tjsRun()) }),
    );
    // 50 tok/s against 25.
    expect(q['app wasm2t / transformers.js tok/s @16']).toBe(2);
  });

  it('says whether the float32 contenders generated the same greedy tokens, q8 aside', () => {
    const agree = computeRatios(
      results({
        wasm: [ok(appRun()), ok(appRun({ variant: 'q8', greedy16: [9, 9, 9, 9, 9] }))],
        node: [ok(nodeRun())],
        tjs: ok(tjsRun()),
      }),
    );
    expect(agree['greedy tokens identical across float32 contenders (1 = yes)']).toBe(1);
    const differ = computeRatios(
      results({ wasm: [ok(appRun())], node: [ok(nodeRun({ greedy16: [1, 2, 3, 4, 6] }))] }),
    );
    expect(differ['greedy tokens identical across float32 contenders (1 = yes)']).toBe(0);
    const alone = computeRatios(results({ wasm: [ok(appRun())] }));
    expect(alone).not.toHaveProperty('greedy tokens identical across float32 contenders (1 = yes)');
  });

  it('keeps only what the run could compute: failed and missing contenders leave no key', () => {
    const q = computeRatios(
      results({
        wasm: [{ ok: false, error: 'wasm 2t: crashed' }],
        node: [ok(nodeRun())],
      }),
    );
    expect(Object.values(q).every((v) => typeof v === 'number')).toBe(true);
    expect(Object.keys(q).some((k) => k.startsWith('wasm2t'))).toBe(false);
    expect(q['node2t step(1000)/step(16)']).toBe(1.5);
  });

  it('sets a software WebGPU step against WASM on tiny-gpt2, to whole numbers', () => {
    const tiny = {
      webgpu: ok(appRun({ backend: 'webgpu', decode: [step(16, 1234)] })),
      wasm: ok(appRun({ decode: [step(16, 4)] })),
    };
    const q = computeRatios(results({ webgpu: { status: 'software', tiny } }));
    expect(q['tiny-gpt2 SwiftShader WebGPU step / WASM 2t step @16']).toBe(309);
  });
});
