/**
 * A Llama-family folder's tokenizer files travel with its config.json: fetched and read before
 * the model file, cached for an offline reload, and none of them kept when the load fails.
 */
import { describe, expect, it } from 'vitest';
import { hubModel } from './modelCatalog';
import { fetchModelFiles, ModelFetchError, type FetchOptions } from './modelFiles';
import { fileServer } from './testing/fileServer';
import { MemoryCache } from './testing/memoryCache';
import { TINY_QWEN2_CONFIG } from './testing/tinyQwenConfig';
import { readModelVocabulary } from './modelVocabulary';
import { qwenTokenizerFiles } from './vocabulary/testing/qwenTokenizerFiles';

const REPO = 'stepwise-test/tiny-qwen2';
const BASE = `https://huggingface.co/${REPO}/resolve/main/`;
const encode = (text: string) => new TextEncoder().encode(text);
const QWEN_CONFIG = { ...TINY_QWEN2_CONFIG, eos_token_id: 151645 };
const qwen = qwenTokenizerFiles();
const FILES: Record<string, Uint8Array> = {
  'config.json': encode(JSON.stringify(QWEN_CONFIG)),
  'tokenizer.json': encode(qwen.tokenizer),
  'tokenizer_config.json': encode(qwen.config),
  'generation_config.json': encode('{"eos_token_id": [151645, 151643]}'),
  // fetchModelFiles hands the bytes on unread: any bytes stand for the ONNX file here.
  'onnx/model.onnx': encode('model bytes'),
};

function setup(served: Record<string, Uint8Array> = FILES) {
  const cache = new MemoryCache();
  const { fetchImpl, fetched, goOffline } = fileServer(BASE, served);
  const options: FetchOptions = { fetchImpl, cache: cache.asCache };
  const spec = hubModel(REPO);
  return {
    cache,
    fetched,
    goOffline,
    load: () => fetchModelFiles(spec, options),
    vocabulary: () => readModelVocabulary(spec, options),
  };
}

describe("a Llama-family model's tokenizer files", () => {
  it('are fetched before the model file, read into its vocabulary and cached', async () => {
    const { cache, fetched, goOffline, load, vocabulary } = setup();
    const files = await load();
    expect(fetched).toEqual([
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'generation_config.json',
      'onnx/model.onnx',
    ]);
    expect(files.tokenizer?.files.generation).toContain('151645');
    const vocab = files.tokenizer!.vocabulary;
    expect(vocab.kind).toBe('byte-level');
    expect(vocab.eosIds).toEqual([151645, 151643]);
    expect(vocab.decode(vocab.encode('从前有一个小女孩'))).toBe('从前有一个小女孩');
    expect([...cache.entries.keys()].sort()).toEqual(
      Object.keys(FILES)
        .map((f) => BASE + f)
        .sort(),
    );

    // Offline, the load and the page's vocabulary come from the cache alone.
    goOffline();
    fetched.length = 0;
    expect((await load()).tokenizer?.vocabulary.size).toBe(vocab.size);
    const again = await vocabulary();
    expect(again === 'gpt2' ? null : again.encode('小女孩')).toEqual(vocab.encode('小女孩'));
    expect(fetched).toEqual([]);
  });

  it('reads a folder without generation_config.json, online and offline', async () => {
    const served = { ...FILES };
    delete served['generation_config.json'];
    const { goOffline, load, vocabulary } = setup(served);
    const files = await load();
    expect(files.tokenizer?.files.generation).toBeUndefined();
    expect(files.tokenizer?.vocabulary.eosIds).toEqual([151645]); // tokenizer_config's eos
    // Nothing is cached for the missing file: offline, its failed read means it is absent.
    goOffline();
    expect((await load()).tokenizer?.vocabulary.eosIds).toEqual([151645]);
    expect(await vocabulary()).not.toBe('gpt2');
  });

  it.each<[string, Record<string, Uint8Array>, string]>([
    ['without tokenizer.json', { ...FILES, 'tokenizer.json': new Uint8Array() }, 'not_found'],
    [
      'with a tokenizer.json that is not JSON',
      { ...FILES, 'tokenizer.json': encode('<html>') },
      'bad_tokenizer',
    ],
    [
      'with a WordPiece tokenizer',
      { ...FILES, 'tokenizer.json': encode('{"model": {"type": "WordPiece", "vocab": {}}}') },
      'bad_tokenizer',
    ],
  ])(
    'fails a folder %s before the model file, keeping none of its files',
    async (_, served, code) => {
      const empty = Object.entries(served).filter(([, bytes]) => bytes.length > 0);
      const { cache, fetched, load } = setup(Object.fromEntries(empty));
      const failure = await load().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ModelFetchError);
      expect((failure as ModelFetchError).code).toBe(code);
      expect(fetched).not.toContain('onnx/model.onnx');
      expect(cache.entries.size).toBe(0);
    },
  );

  it('keeps them when only a model file is missing (the inspection file a Hub folder lacks)', async () => {
    const cache = new MemoryCache();
    const { fetchImpl, goOffline } = fileServer(BASE, FILES);
    const options: FetchOptions = { fetchImpl, cache: cache.asCache };
    const inspect = { ...hubModel(REPO), modelFiles: ['onnx/model_inspect.onnx'] };
    const failure = await fetchModelFiles(inspect, options).catch((error: unknown) => error);
    expect((failure as ModelFetchError).code).toBe('not_found');
    goOffline();
    const vocab = await readModelVocabulary(hubModel(REPO), options);
    expect(vocab === 'gpt2' ? null : vocab.size).toBe(151669);
  });

  it("gives GPT-2's family no tokenizer of its own", async () => {
    const gpt2 = {
      ...FILES,
      'config.json': encode(
        JSON.stringify({ ...QWEN_CONFIG, model_type: 'gpt2', vocab_size: 50257 }),
      ),
    };
    const { fetched, load, vocabulary } = setup(gpt2);
    expect((await load()).tokenizer).toBeUndefined();
    expect(fetched).toEqual(['config.json', 'onnx/model.onnx']);
    expect(await vocabulary()).toBe('gpt2');
  });
});
