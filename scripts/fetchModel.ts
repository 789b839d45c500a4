/**
 * Downloads the real GPT-2 (ONNX export) from the Hugging Face Hub into public/models/<name>/, the
 * folder layout the app and the CLI load:
 *
 *   npm run models:fetch -- gpt2 [--precision fp32|fp16|q8] [--out DIR] [--force]
 *
 * Each file streams to `<file>.part` and is renamed only once complete, so a file that exists is
 * whole; existing files are kept unless --force. The fetch implementation is a parameter so the
 * logic can be tested offline.
 */
import { mkdirSync, renameSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HUB_REPO, hubModel, type Precision } from '../src/engine/modelCatalog';
import { resolveModelUrl } from '../src/engine/modelFiles';
import { parseModelConfig } from '../src/engine/modelShape';
import { errorMessage } from '../src/engine/errorMessage';

/** Names the CLI accepts, and the Hub repository each one comes from. */
export const KNOWN_MODELS: Record<string, string> = { gpt2: HUB_REPO };

export interface DownloadProgress {
  file: string;
  loaded: number;
  /** Bytes the server announced, or null when it did not say. */
  total: number | null;
}

/** What a download reports to, and how it fetches (tests pass their own fetch). */
export interface DownloadHooks {
  fetchImpl?: typeof fetch;
  onProgress?: (progress: DownloadProgress) => void;
  /** Lines for the user (skipped files, fallbacks). */
  log?: (line: string) => void;
}

export interface FetchModelOptions extends DownloadHooks {
  repo: string;
  precision: Precision;
  outDir: string;
  force?: boolean;
}

export interface FetchModelResult {
  dir: string;
  /** Model file used, relative to the folder, e.g. `onnx/model.onnx`. */
  modelFile: string;
  /** Files actually downloaded this time (not those already present). */
  downloaded: string[];
  bytes: number;
}

export class DownloadError extends Error {}

type Outcome = { kind: 'done'; bytes: number } | { kind: 'missing' };

/** Streams one URL to `dest` via `dest.part`; 'missing' on 404 so the caller can try the next. */
export async function downloadFile(
  url: string,
  dest: string,
  file: string,
  options: DownloadHooks,
): Promise<Outcome> {
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, { redirect: 'follow' });
  } catch (error) {
    const cause = error instanceof Error && error.cause ? ` (${String(error.cause)})` : '';
    throw new DownloadError(
      `could not reach ${new URL(url).host}${cause}: are you offline? ` +
        'This command needs internet access to the Hugging Face Hub.',
      { cause: error },
    );
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return { kind: 'missing' };
  }
  if (!response.ok || !response.body) {
    throw new DownloadError(`${url} answered HTTP ${response.status} ${response.statusText}`);
  }
  // Content-Length of a compressed response counts compressed bytes: only check it when plain.
  const header = Number(response.headers.get('content-length'));
  const plain = !response.headers.get('content-encoding');
  const total = Number.isInteger(header) && header > 0 ? header : null;

  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const handle = await open(part, 'w');
  let loaded = 0;
  try {
    const reader = response.body.getReader();
    options.onProgress?.({ file, loaded, total });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await handle.write(value);
      loaded += value.length;
      options.onProgress?.({ file, loaded, total });
    }
    await handle.close();
    if (plain && total !== null && loaded !== total) {
      throw new DownloadError(`${file}: got ${loaded} bytes, the server announced ${total}`);
    }
    renameSync(part, dest);
  } catch (error) {
    await handle.close().catch(() => undefined); // already closed after a size mismatch
    rmSync(part, { force: true });
    if (error instanceof DownloadError) throw error;
    const message = `the download of ${file} broke off after ${loaded} bytes: ${String(error)}`;
    throw new DownloadError(message, { cause: error });
  }
  return { kind: 'done', bytes: loaded };
}

/** Downloads config.json, generation_config.json and the first model file the Hub has. */
export async function fetchModel(options: FetchModelOptions): Promise<FetchModelResult> {
  const spec = hubModel(options.repo, options.precision);
  const dir = resolve(options.outDir);
  const result: FetchModelResult = { dir, modelFile: '', downloaded: [], bytes: 0 };
  const log = options.log ?? (() => undefined);

  // Returns true when the file is there afterwards (downloaded now or before).
  const get = async (file: string): Promise<boolean> => {
    const dest = join(dir, file);
    if (!options.force && existsSync(dest)) {
      log(`${file}: already present, kept (use --force to download again)`);
      return true;
    }
    const outcome = await downloadFile(resolveModelUrl(spec, file), dest, file, options);
    if (outcome.kind === 'missing') return false;
    result.downloaded.push(file);
    result.bytes += outcome.bytes;
    return true;
  };

  if (!(await get('config.json'))) {
    throw new DownloadError(`no config.json at ${resolveModelUrl(spec, '')}: is the repo right?`);
  }
  try {
    parseModelConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));
  } catch (error) {
    const message = `the downloaded config.json is not a GPT-2 config: ${String(error)}`;
    throw new DownloadError(message, { cause: error });
  }
  // Only sampling defaults live here; the app works without it, so a 404 is not fatal.
  if (!(await get('generation_config.json')))
    log('generation_config.json: not on the Hub, skipped');

  for (const file of spec.modelFiles) {
    if (await get(file)) {
      result.modelFile = file;
      return result;
    }
    log(`${file}: not on the Hub (404), trying the next name`);
  }
  throw new DownloadError(
    `none of ${spec.modelFiles.join(', ')} exists at ${resolveModelUrl(spec, '')}`,
  );
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** Progress for a terminal: rewrites one line on a TTY, else prints every 10 %. */
export function progressPrinter(stream: NodeJS.WriteStream): (p: DownloadProgress) => void {
  let lastShown = -1;
  let lastFile = '';
  return ({ file, loaded, total }) => {
    if (file !== lastFile) {
      lastFile = file;
      lastShown = -1;
    }
    const percent = total ? Math.floor((loaded / total) * 100) : null;
    const step = stream.isTTY ? 1 : 10;
    const mark = percent ?? Math.floor(loaded / 50e6);
    const finished = total !== null && loaded >= total;
    if (Math.floor(mark / step) === Math.floor(lastShown / step) && !finished) return;
    lastShown = mark;
    const text = `${file}: ${mb(loaded)}${total ? ` of ${mb(total)} (${percent}%)` : ''}`;
    if (stream.isTTY) stream.write(`\r${text}\x1b[K${finished ? '\n' : ''}`);
    else stream.write(`${text}\n`);
  };
}

export const USAGE =
  'usage: npm run models:fetch -- gpt2 [--precision fp32|fp16|q8] [--out DIR] [--force]';

/** The command line; returns the exit code (0 done, 1 download failed, 2 bad arguments). */
export async function runFetchCli(
  argv: readonly string[],
  fetchImpl?: typeof fetch,
  stderr: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  const say = (line: string): void => void stderr.write(`${line}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        precision: { type: 'string', default: 'fp32' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    say(`error: ${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const name = positionals[0];
  const repo = name !== undefined && Object.hasOwn(KNOWN_MODELS, name) ? KNOWN_MODELS[name] : null;
  if (positionals.length !== 1 || repo === null) {
    say(`error: name one model (${Object.keys(KNOWN_MODELS).join(', ')})\n${USAGE}`);
    return 2;
  }
  const precision = values.precision;
  if (precision !== 'fp32' && precision !== 'fp16' && precision !== 'q8') {
    say(`error: --precision must be fp32, fp16 or q8, got ${JSON.stringify(precision)}`);
    return 2;
  }
  const here = fileURLToPath(new URL('.', import.meta.url));
  const outDir = values.out ?? join(here, '..', 'public', 'models', name);
  try {
    const result = await fetchModel({
      repo,
      precision,
      outDir,
      fetchImpl,
      force: values.force,
      onProgress: progressPrinter(stderr),
      log: say,
    });
    say(
      `${name} (${precision}): ${result.modelFile} in ${result.dir}, ${mb(result.bytes)} fetched`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    say(`error: ${error.message}`);
    return 1;
  }
}

// Run only when executed, not when a test imports this file.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runFetchCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
