import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FILES_BASE, modelFromId } from './modelCatalog';
import { GPT2_SMALL, modelConfigJson, TINY_GPT2 } from './modelShape';
import { checkPickedConfig, pickedSpec, precisionOfFile, sortPicked } from './pickedModel';

const TINY_CONFIG = readFileSync(
  fileURLToPath(new URL('../../public/models/tiny-gpt2/config.json', import.meta.url)),
  'utf8',
);
const named = (...names: string[]) => names.map((name) => ({ name, path: '' }));

describe('sortPicked', () => {
  it('finds config.json, the ONNX file and the optional generation_config.json', () => {
    const files = named('generation_config.json', 'model.onnx', 'config.json', 'README.md');
    expect(sortPicked(files)).toEqual({
      config: files[2],
      onnx: files[1],
      generation: files[0],
    });
    expect(sortPicked(named('model.onnx', 'config.json'))).toMatchObject({ generation: null });
  });

  it('takes the smallest known file of a whole Hub folder', () => {
    const hub = named('config.json', 'model.onnx', 'model_fp16.onnx', 'model_quantized.onnx');
    expect(sortPicked(hub)).toMatchObject({ onnx: { name: 'model_quantized.onnx' } });
  });

  it('says what is missing or unclear', () => {
    expect(sortPicked(named('model.onnx'))).toBe('no_config');
    expect(sortPicked(named('config.json', 'weights.bin'))).toBe('no_onnx');
    expect(sortPicked(named('config.json', 'a.onnx', 'b.onnx'))).toBe('several_onnx');
  });
});

describe('checkPickedConfig', () => {
  it('accepts a GPT-2 config and gives its shape', () => {
    expect(checkPickedConfig(TINY_CONFIG)).toEqual(TINY_GPT2);
    expect(checkPickedConfig(JSON.stringify(modelConfigJson(GPT2_SMALL)))).toEqual(GPT2_SMALL);
  });

  it('refuses other models, other vocabularies and broken files, saying why', () => {
    const bert = { ...modelConfigJson(GPT2_SMALL), model_type: 'bert' };
    expect(() => checkPickedConfig(JSON.stringify(bert))).toThrow(/"bert", not a GPT-2/);
    const vocab = { ...modelConfigJson(GPT2_SMALL), vocab_size: 32000 };
    expect(() => checkPickedConfig(JSON.stringify(vocab))).toThrow(/32000 tokens/);
    expect(() => checkPickedConfig('{"n_layer": 2')).toThrow(/not JSON/);
    expect(() => checkPickedConfig('{"model_type": "gpt2"}')).toThrow(/n_layer/);
  });
});

describe('pickedSpec', () => {
  it('names the model after its folder (or file) and shape; the name parses back', () => {
    const loose = pickedSpec({ name: 'model.onnx', path: '' }, TINY_GPT2);
    expect(loose.id).toBe('model-2x64@files');
    const inFolder = pickedSpec(
      { name: 'model_quantized.onnx', path: 'gpt2 (copy)/onnx/model_quantized.onnx' },
      GPT2_SMALL,
    );
    expect(inFolder.id).toBe('gpt2-copy-12x768@files:q8');
    expect(inFolder.baseUrl).toBe(`${FILES_BASE}gpt2-copy-12x768%40files%3Aq8/`);
    for (const spec of [loose, inFolder]) expect(modelFromId(spec.id)).toEqual(spec);
  });

  it('reads the precision from the file name', () => {
    expect(precisionOfFile('model_quantized.onnx')).toBe('q8');
    expect(precisionOfFile('model_slots_quantized.onnx')).toBe('q8');
    expect(precisionOfFile('model_fp16.onnx')).toBe('fp16');
    expect(precisionOfFile('model.onnx')).toBe('fp32');
  });
});
