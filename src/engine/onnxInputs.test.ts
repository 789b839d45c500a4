import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cacheInterfaceOf } from './modelInterface';
import { arraySource, blobSource, NotOnnxError, readOnnxInputNames } from './onnxInputs';

const TINY = fileURLToPath(new URL('../../public/models/tiny-gpt2/', import.meta.url));
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(`${TINY}${file}`));

describe('readOnnxInputNames', () => {
  it('reads the Hub interface’s inputs from the tiny model, in order', async () => {
    const names = await readOnnxInputNames(arraySource(read('onnx/model.onnx')));
    expect(names.slice(0, 2)).toEqual(['input_ids', 'attention_mask']);
    expect(names).toContain('past_key_values.1.value');
    expect(cacheInterfaceOf(names)).toBe('present');
  });

  it('reads the slots interface’s inputs, from a Blob as from an array', async () => {
    const bytes = read('onnx/model_slots_quantized.onnx');
    const names = await readOnnxInputNames(blobSource(new Blob([bytes.slice()])));
    expect(names).toEqual(await readOnnxInputNames(arraySource(bytes)));
    expect(names).toContain('cache.0.key');
    expect(cacheInterfaceOf(names)).toBe('slots');
  });

  it('refuses what is not an ONNX model: JSON, a cut-off file, random bytes, nothing', async () => {
    const model = read('onnx/model.onnx');
    const random = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    const cases = [
      read('config.json'),
      model.subarray(0, model.length - 100),
      random,
      new Uint8Array(0),
    ];
    for (const bytes of cases) {
      await expect(readOnnxInputNames(arraySource(bytes))).rejects.toBeInstanceOf(NotOnnxError);
    }
  });
});

describe('cacheInterfaceOf', () => {
  it('refuses the older slots interface and models with no cache inputs, saying why', () => {
    expect(() => cacheInterfaceOf(['input_ids', 'cache_mask', 'cache.0.key'])).toThrow(
      /older Stepwise cache interface/,
    );
    expect(() => cacheInterfaceOf(['input_ids', 'attention_mask'])).toThrow(/neither/);
    // The Hub interface needs its attention mask.
    expect(() => cacheInterfaceOf(['input_ids', 'past_key_values.0.key'])).toThrow(/neither/);
  });
});
