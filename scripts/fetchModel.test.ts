import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError, fetchModel, runFetchCli } from './fetchModel';

const TINY_DIR = fileURLToPath(new URL('../public/models/tiny-gpt2', import.meta.url));
const HUB = 'https://huggingface.co/Xenova/gpt2/resolve/main/';

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Files under the model folder, recursively, relative to it. */
const listing = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

/**
 * A stand-in for the Hub: serves local files by name, 404 for the rest, in 64 KiB chunks with a
 * Content-Length, the way a real download arrives. `announce` overrides the announced size.
 */
function fakeHub(served: Record<string, string>, announce?: (size: number) => number) {
  const requested: string[] = [];
  const fetchImpl = async (input: string | URL | Request): Promise<Response> => {
    const url = String(input);
    requested.push(url.slice(HUB.length));
    const local = url.startsWith(HUB) ? served[url.slice(HUB.length)] : undefined;
    if (!local) return new Response('Entry not found', { status: 404 });
    const bytes = readFileSync(local);
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + 65536)));
        offset += 65536;
      },
    });
    const size = announce ? announce(bytes.length) : bytes.length;
    return new Response(body, { headers: { 'content-length': String(size) } });
  };
  return { fetchImpl: fetchImpl as typeof fetch, requested };
}

const tinyFiles = {
  'config.json': join(TINY_DIR, 'config.json'),
  'generation_config.json': join(TINY_DIR, 'generation_config.json'),
};
const tinyModel = join(TINY_DIR, 'onnx', 'model.onnx');

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'stepwise-fetch-'));
});
afterEach(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('fetchModel', () => {
  it('downloads config, generation config and model intact', async () => {
    const hub = fakeHub({ ...tinyFiles, 'onnx/model.onnx': tinyModel });
    const progress: number[] = [];
    const result = await fetchModel({
      repo: 'Xenova/gpt2',
      precision: 'fp32',
      outDir: out,
      fetchImpl: hub.fetchImpl,
      onProgress: (p) => p.file === 'onnx/model.onnx' && progress.push(p.loaded),
    });
    expect(result.modelFile).toBe('onnx/model.onnx');
    expect(result.downloaded).toEqual(['config.json', 'generation_config.json', 'onnx/model.onnx']);
    expect(listing(out)).toEqual(['config.json', 'generation_config.json', 'onnx/model.onnx']);
    for (const [file, source] of Object.entries({ ...tinyFiles, 'onnx/model.onnx': tinyModel })) {
      expect(sha(join(out, file))).toBe(sha(source));
    }
    expect(progress.length).toBeGreaterThan(100); // streamed, not read in one piece
    expect(progress.at(-1)).toBe(readFileSync(tinyModel).length);

    // A second run keeps the complete files and downloads nothing.
    const again = await fetchModel({ repo: 'Xenova/gpt2', precision: 'fp32', outDir: out, ...hub });
    expect(again.downloaded).toEqual([]);
  });

  it('falls back to the next file name when the first answers 404', async () => {
    const hub = fakeHub({ ...tinyFiles, 'onnx/decoder_model_merged.onnx': tinyModel });
    const logs: string[] = [];
    const result = await fetchModel({
      repo: 'Xenova/gpt2',
      precision: 'fp32',
      outDir: out,
      fetchImpl: hub.fetchImpl,
      log: (l) => logs.push(l),
    });
    expect(result.modelFile).toBe('onnx/decoder_model_merged.onnx');
    expect(hub.requested.slice(-2)).toEqual(['onnx/model.onnx', 'onnx/decoder_model_merged.onnx']);
    expect(sha(join(out, 'onnx/decoder_model_merged.onnx'))).toBe(sha(tinyModel));
    expect(existsSync(join(out, 'onnx/model.onnx'))).toBe(false);
    expect(listing(out).some((f) => f.endsWith('.part'))).toBe(false);
    expect(logs.join('\n')).toMatch(/onnx\/model\.onnx: not on the Hub \(404\)/);
  });

  it('asks for the quantized names with q8, and fails clearly when none exists', async () => {
    const hub = fakeHub(tinyFiles);
    const run = fetchModel({ repo: 'Xenova/gpt2', precision: 'q8', outDir: out, ...hub });
    await expect(run).rejects.toThrow(/none of onnx\/model_quantized\.onnx, onnx\/decoder_model/);
    expect(hub.requested.slice(-2)).toEqual([
      'onnx/model_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ]);
  });

  it('says when it is offline', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed', {
        cause: new Error('getaddrinfo ENOTFOUND huggingface.co'),
      });
    }) as typeof fetch;
    const run = fetchModel({ repo: 'Xenova/gpt2', precision: 'fp32', outDir: out, fetchImpl });
    await expect(run).rejects.toThrow(DownloadError);
    await expect(run).rejects.toThrow(/could not reach huggingface\.co .*ENOTFOUND.*offline/);
    expect(listing(out)).toEqual([]);
  });

  it('drops a truncated download instead of keeping a broken file', async () => {
    const hub = fakeHub({ ...tinyFiles, 'onnx/model.onnx': tinyModel }, (size) => size + 10);
    const run = fetchModel({ repo: 'Xenova/gpt2', precision: 'fp32', outDir: out, ...hub });
    await expect(run).rejects.toThrow(/announced/);
    expect(listing(out).filter((f) => f.startsWith('onnx/'))).toEqual([]);
  });

  it('reports HTTP errors other than 404', async () => {
    const fetchImpl = (async () => new Response('no', { status: 503 })) as typeof fetch;
    const run = fetchModel({ repo: 'Xenova/gpt2', precision: 'fp32', outDir: out, fetchImpl });
    await expect(run).rejects.toThrow(/HTTP 503/);
  });
});

describe('models:fetch command line', () => {
  const stderr = () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) > 0 };
    return { stream: stream as unknown as NodeJS.WriteStream, text: () => lines.join('') };
  };

  it('downloads with progress in percent and exits 0', async () => {
    const hub = fakeHub({ ...tinyFiles, 'onnx/model.onnx': tinyModel });
    const err = stderr();
    const code = await runFetchCli(['gpt2', '--out', out], hub.fetchImpl, err.stream);
    expect(code).toBe(0);
    expect(err.text()).toMatch(/onnx\/model\.onnx: [\d.]+ MB of [\d.]+ MB \(50%\)/);
    expect(err.text()).toMatch(/\(100%\)/);
    expect(sha(join(out, 'onnx/model.onnx'))).toBe(sha(tinyModel));
  });

  it.each([[[]], [['gpt3']], [['gpt2', '--precision', 'int4']], [['gpt2', '--nope']]])(
    'exits 2 on bad arguments %j',
    async (args) => {
      const err = stderr();
      expect(await runFetchCli(args, fakeHub({}).fetchImpl, err.stream)).toBe(2);
      expect(err.text()).toMatch(/error: /);
    },
  );

  it('exits 1 with a message when the download fails', async () => {
    const err = stderr();
    expect(await runFetchCli(['gpt2', '--out', out], fakeHub({}).fetchImpl, err.stream)).toBe(1);
    expect(err.text()).toMatch(/no config\.json at https:\/\/huggingface\.co\/Xenova\/gpt2/);
  });
});
