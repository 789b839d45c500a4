import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE, SLOTS_Q8_FILE } from '../src/engine/modelCatalog';
import { TINY_GPT2, modelConfigJson } from '../src/engine/modelShape';
import { exportModel, referenceGreedy } from './exportModel';
import { gpt2WeightsFrom, hubTensors as hubTensorsOf } from '../src/engine/build/hubWeights';
import { RECIPES } from './makeModel';
import { buildGpt2Model, type Gpt2Weights } from '../src/engine/build/gpt2Graph';
import { buildInspectModel } from '../src/engine/build/inspectGraph';
import { INSPECT_MODEL_FILE } from '../src/engine/inspect';
import { makeWeights } from '../src/engine/build/tinyWeights';
import {
  readSafetensors,
  writeSafetensors,
  type FloatTensor,
} from '../src/engine/build/safetensors';

const shape = TINY_GPT2;
const weights = makeWeights(shape, RECIPES['tiny-gpt2'].seed, RECIPES['tiny-gpt2'].scales);
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-export-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const hubTensors = (w: Gpt2Weights): Map<string, FloatTensor> => hubTensorsOf(shape, w);

function sourceFolder(tensors = hubTensors(weights)): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify(modelConfigJson(shape)));
  writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(tensors));
  return dir;
}

const offline = (() => Promise.reject(new Error('offline'))) as typeof fetch;

describe('safetensors', () => {
  it('round-trips float32 tensors and reads float16 and bfloat16 as float32', () => {
    const tensors = new Map([['a', { dims: [2, 2], data: Float32Array.from([1, -2, 0.5, 3]) }]]);
    expect(readSafetensors(writeSafetensors(tensors)).get('a')).toEqual(tensors.get('a'));
    const header = JSON.stringify({
      h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
      b: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] },
      mask: { dtype: 'BOOL', shape: [1], data_offsets: [6, 7] },
    });
    const bytes = new Uint8Array(8 + header.length + 7);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(new TextEncoder().encode(header), 8);
    // 1.0 and -2.0 in fp16; 1.5 in bf16 (0x3fc0); one bool byte.
    bytes.set([0x00, 0x3c, 0x00, 0xc0, 0xc0, 0x3f, 1], 8 + header.length);
    const read = readSafetensors(bytes);
    expect(Array.from(read.get('h')!.data)).toEqual([1, -2]);
    expect(Array.from(read.get('b')!.data)).toEqual([1.5]);
    expect(read.has('mask')).toBe(false);
  });

  it('rejects files that are not safetensors with a reason', () => {
    expect(() => readSafetensors(new Uint8Array(4))).toThrow(/shorter than its header/);
    const bad = new Uint8Array(16);
    new DataView(bad.buffer).setBigUint64(0, 1000n, true);
    expect(() => readSafetensors(bad)).toThrow(/does not fit/);
  });
});

describe('models:export', () => {
  it('writes the slots files from the Hub weights, byte for byte what the writer makes, and checks them', async () => {
    const out = tempDir();
    const lines: string[] = [];
    const result = await exportModel({
      source: sourceFolder(),
      repo: 'openai-community/gpt2',
      outDir: out,
      verifySteps: 6,
      fetchImpl: offline,
      log: (line) => lines.push(line),
    });
    expect(result.files).toEqual([
      SLOTS_MODEL_FILE,
      SLOTS_Q8_FILE,
      INSPECT_MODEL_FILE,
      HF_MODEL_FILE,
    ]);
    const written = new Uint8Array(readFileSync(join(out, SLOTS_MODEL_FILE)));
    expect(Buffer.compare(written, buildGpt2Model(shape, weights, 'slots'))).toBe(0);
    // The inspection file too: the views of "look inside a step" work on the exported GPT-2.
    const inspect = new Uint8Array(readFileSync(join(out, INSPECT_MODEL_FILE)));
    expect(Buffer.compare(inspect, buildInspectModel(shape, weights))).toBe(0);
    // The Hub interface too (WebGPU reads it), unless the folder already has a file of that name.
    const hub = new Uint8Array(readFileSync(join(out, HF_MODEL_FILE)));
    expect(Buffer.compare(hub, buildGpt2Model(shape, weights, 'hf'))).toBe(0);
    const again = await exportModel({
      source: sourceFolder(),
      repo: 'openai-community/gpt2',
      outDir: out,
      verifySteps: 0,
      fetchImpl: offline,
    });
    expect(again.files).toEqual([SLOTS_MODEL_FILE, SLOTS_Q8_FILE, INSPECT_MODEL_FILE]);
    expect(existsSync(join(out, 'config.json'))).toBe(true);
    expect(result.greedy).toEqual(referenceGreedy(shape, weights, 6));
    // Both float32 files are checked: the slots one (WASM) and the Hub-interface one (WebGPU).
    const checks = lines.filter((line) => /6 tokens equal the reference pass/.test(line));
    expect(checks.map((line) => /\(([^)]+)\):/.exec(line)?.[1])).toEqual([
      SLOTS_MODEL_FILE,
      HF_MODEL_FILE,
    ]);
  });

  it('downloads what the source folder lacks, with progress', async () => {
    const files: Record<string, Uint8Array<ArrayBuffer>> = {
      'config.json': new TextEncoder().encode(JSON.stringify(modelConfigJson(shape))),
      'model.safetensors': writeSafetensors(hubTensors(weights)) as Uint8Array<ArrayBuffer>,
    };
    const asked: string[] = [];
    const fakeHub = (async (input: string | URL | Request) => {
      const url = String(input);
      asked.push(url);
      const file = Object.keys(files).find((f) => url.endsWith(`/resolve/main/${f}`));
      if (!file) return new Response('no', { status: 404 });
      return new Response(files[file], { headers: { 'content-length': `${files[file].length}` } });
    }) as typeof fetch;
    const progress: number[] = [];
    const source = tempDir();
    await exportModel({
      source,
      repo: 'openai-community/gpt2',
      outDir: tempDir(),
      verifySteps: 0,
      fetchImpl: fakeHub,
      onProgress: (p) => progress.push(p.loaded),
    });
    expect(asked).toEqual([
      'https://huggingface.co/openai-community/gpt2/resolve/main/config.json',
      'https://huggingface.co/openai-community/gpt2/resolve/main/model.safetensors',
    ]);
    expect(progress.at(-1)).toBe(files['model.safetensors'].length);
    expect(existsSync(join(source, 'model.safetensors'))).toBe(true);
  });

  it('says which weight is missing or misshapen', () => {
    const tensors = hubTensors(weights);
    tensors.delete('h.1.mlp.c_fc.bias');
    expect(() => gpt2WeightsFrom(tensors, shape)).toThrow(/h\.1\.mlp\.c_fc\.bias/);
    const wrong = hubTensors(weights);
    wrong.set('wpe.weight', { dims: [10, shape.width], data: new Float32Array(10 * shape.width) });
    expect(() => gpt2WeightsFrom(wrong, shape)).toThrow(/wpe\.weight is \[10,64\]/);
  });

  it('fails clearly offline when the source folder is empty', async () => {
    await expect(
      exportModel({
        source: tempDir(),
        repo: 'openai-community/gpt2',
        outDir: tempDir(),
        verifySteps: 0,
        fetchImpl: offline,
      }),
    ).rejects.toThrow(/are you offline/);
  });
});
