import { describe, expect, it } from 'vitest';
import { dictionaries, translateMessage } from '../i18n';
import {
  chooseBackend,
  probeAdapter,
  WEBGPU_MIN_BYTES,
  type AdapterLike,
  type GpuLike,
} from './backend';
import { hubModel, localModel, type ModelSpec } from '../engine/modelCatalog';
import type { AdapterReport, Backend, ExecutionPreference } from './protocol';

const gpu = (adapter: AdapterLike | null): GpuLike => ({ requestAdapter: async () => adapter });

const HARDWARE: AdapterReport = { vendor: 'nvidia', architecture: 'ampere', fallback: false };
const SOFTWARE: AdapterReport = { vendor: 'google', architecture: 'swiftshader', fallback: true };
/** GPT-2 small's float32 files, where WebGPU beat WASM on a hardware adapter. */
const GPT2 = { approxBytes: 498e6, precision: 'fp32' } as const;

describe('probeAdapter', () => {
  it('reports no adapter without navigator.gpu, without an adapter, or when asking throws', async () => {
    expect(await probeAdapter(undefined)).toBeNull();
    expect(await probeAdapter(gpu(null))).toBeNull();
    const failing: GpuLike = {
      requestAdapter: () => Promise.reject(new Error('GPU process crashed')),
    };
    expect(await probeAdapter(failing)).toBeNull();
  });

  it('reports a hardware adapter with its vendor and architecture', async () => {
    const adapter: AdapterLike = {
      isFallbackAdapter: false,
      info: { vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false },
    };
    expect(await probeAdapter(gpu(adapter))).toEqual(HARDWARE);
  });

  it('tolerates an adapter without info', async () => {
    expect(await probeAdapter(gpu({}))).toEqual({ vendor: '', architecture: '', fallback: false });
  });

  it.each<[string, AdapterLike]>([
    ['the old adapter.isFallbackAdapter', { isFallbackAdapter: true, info: { vendor: 'x' } }],
    ['info.isFallbackAdapter', { info: { vendor: 'x', isFallbackAdapter: true } }],
    ['a SwiftShader architecture', { info: { vendor: 'google', architecture: 'SwiftShader' } }],
  ])('marks a software adapter by %s', async (_, adapter) => {
    expect((await probeAdapter(gpu(adapter)))?.fallback).toBe(true);
  });
});

describe('chooseBackend', () => {
  const adapters: [string, AdapterReport | null][] = [
    ['none', null],
    ['hardware', HARDWARE],
    ['fallback', SOFTWARE],
  ];
  const expected: Record<ExecutionPreference, Record<string, 'webgpu' | 'wasm'>> = {
    // Auto skips a software adapter: SwiftShader is correct but far slower than WASM.
    auto: { none: 'wasm', hardware: 'webgpu', fallback: 'wasm' },
    // An explicit WebGPU takes any adapter (the tests use SwiftShader), and WASM without one.
    webgpu: { none: 'wasm', hardware: 'webgpu', fallback: 'webgpu' },
    wasm: { none: 'wasm', hardware: 'wasm', fallback: 'wasm' },
  };

  for (const preference of ['auto', 'webgpu', 'wasm'] as const) {
    it.each(adapters)(`${preference} with %s adapter`, (kind, adapter) => {
      const choice = chooseBackend(preference, adapter, GPT2);
      expect(choice.backend).toBe(expected[preference][kind]);
      expect(choice.adapter).toBe(adapter);
      // The note's key has its own Chinese text (translate would fall back to English).
      expect(dictionaries['zh-CN'][choice.note.key]).not.toBe(dictionaries.en[choice.note.key]);
    });
  }

  it('explains each choice in its note', () => {
    const note = (ep: ExecutionPreference, adapter: AdapterReport | null) =>
      translateMessage('en', chooseBackend(ep, adapter, GPT2).note);
    expect(note('wasm', HARDWARE)).toBe('WASM requested');
    expect(note('auto', null)).toMatch(/no WebGPU adapter/);
    expect(note('webgpu', null)).toMatch(/no WebGPU adapter/);
    expect(note('webgpu', SOFTWARE)).toBe('WebGPU requested (software adapter)');
    expect(note('webgpu', HARDWARE)).toBe('WebGPU requested (hardware adapter)');
    expect(note('auto', SOFTWARE)).toMatch(/software \(swiftshader\).*using WASM/);
    expect(note('auto', { ...SOFTWARE, architecture: '' })).toMatch(/\(fallback\)/);
    expect(note('auto', HARDWARE)).toBe('hardware WebGPU adapter');
  });

  it('keeps a small model and 8-bit weights on WASM on auto, and says why', () => {
    const tiny = { approxBytes: 13e6, precision: 'fp32' } as const;
    const q8 = { approxBytes: 128e6, precision: 'q8' } as const;
    const small = chooseBackend('auto', HARDWARE, tiny);
    expect(small.backend).toBe('wasm');
    expect(translateMessage('en', small.note)).toMatch(/model is small: WASM/);
    const eightBit = chooseBackend('auto', HARDWARE, q8);
    expect(eightBit.backend).toBe('wasm');
    expect(translateMessage('en', eightBit.note)).toMatch(/8-bit weights .*WASM is faster/);
    for (const { note } of [small, eightBit])
      expect(dictionaries['zh-CN'][note.key]).not.toBe(dictionaries.en[note.key]);
    // The user's explicit choice still wins, and a large float32 model goes to the GPU.
    expect(chooseBackend('webgpu', HARDWARE, tiny).backend).toBe('webgpu');
    expect(chooseBackend('webgpu', HARDWARE, q8).backend).toBe('webgpu');
    expect(
      chooseBackend('auto', HARDWARE, { approxBytes: WEBGPU_MIN_BYTES, precision: 'fp16' }).backend,
    ).toBe('webgpu');
  });

  it.each<[string, ModelSpec, Backend]>([
    ['tiny-gpt2', localModel('tiny-gpt2'), 'wasm'],
    ['tiny-gpt2 q8', localModel('tiny-gpt2', 'q8'), 'wasm'],
    ['gpt2', localModel('gpt2'), 'webgpu'],
    ['gpt2 fp16', localModel('gpt2', 'fp16'), 'webgpu'],
    ['gpt2 q8', localModel('gpt2', 'q8'), 'wasm'],
    ['the Hub GPT-2', hubModel(), 'webgpu'],
    ['the Hub GPT-2 fp16', hubModel(undefined, 'fp16'), 'webgpu'],
    ['the Hub GPT-2 q8', hubModel(undefined, 'q8'), 'wasm'],
  ])(
    'auto on a hardware adapter runs the catalog entry %s on the right backend',
    (_, spec, backend) => {
      expect(chooseBackend('auto', HARDWARE, spec).backend).toBe(backend);
    },
  );
});
