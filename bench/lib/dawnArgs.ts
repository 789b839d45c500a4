/** The command line of `npm run bench:dawn`: the contenders, the model folder, threads, output. */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { VARIANT_FILES, type ModelVariant } from '../shared/protocol';
import { UsageError, usageErrors } from './cli';

/** onnxruntime-web's browser builds, by their file in the package's dist folder. */
export const BUILD_FILES = {
  plain: 'ort.wasm.mjs',
  webgpu: 'ort.webgpu.mjs',
  jsep: 'ort.mjs',
} as const;
export type DawnBuild = keyof typeof BUILD_FILES;

export interface DawnContender {
  backend: 'webgpu' | 'wasm';
  variant: ModelVariant;
  /** The Hub interface's `present.*` outputs kept in GPU buffers, as the app does on WebGPU. */
  gpuCache: boolean;
  build: DawnBuild;
}

export interface DawnOptions {
  modelDir: string;
  contenders: DawnContender[];
  quick: boolean;
  /** CPU threads of the WASM runtime. */
  threads: number;
  out: string;
}

export const DEFAULT_CONTENDERS =
  'webgpu:hf+gpu-cache,webgpu:hf+gpu-cache@jsep,webgpu:slots,webgpu:hf,wasm:slots';

export const DAWN_USAGE = `Usage: npm install --no-save webgpu && npm run bench:dawn -- [--model DIR] [--quick]
         [--contenders LIST] [--threads N] [--out FILE]

  --model DIR         model folder (default public/models/gpt2-shaped)
  --contenders LIST   comma-separated backend:variant[+gpu-cache][@jsep]
                      (default ${DEFAULT_CONTENDERS})
                      variant: slots, hf or q8; +gpu-cache keeps the cache outputs on the GPU;
                      @jsep runs WebGPU on the package's default (JSEP) build
  --threads N         WASM threads (default 1)
  --quick             the smaller plan of npm run bench -- --quick
  --out FILE          where the figures go (default bench/dawn-results.json)`;

/** `backend:variant[+gpu-cache][@jsep]`, e.g. `webgpu:hf+gpu-cache`; the variant defaults to slots. */
export function parseContender(text: string): DawnContender {
  const [spec, buildName] = text.split('@');
  const [backend, rest = 'slots'] = spec.split(':');
  const [variant, option] = rest.split('+');
  if ((backend !== 'webgpu' && backend !== 'wasm') || !(variant in VARIANT_FILES)) {
    throw new UsageError(`not a contender: ${text} (backend:variant, e.g. webgpu:slots)`);
  }
  if (option !== undefined && option !== 'gpu-cache') {
    throw new UsageError(`not a contender: ${text} (the only option is +gpu-cache)`);
  }
  if (buildName !== undefined && (buildName !== 'jsep' || backend !== 'webgpu')) {
    throw new UsageError(`not a contender: ${text} (only WebGPU has another build: @jsep)`);
  }
  const build: DawnBuild = backend === 'wasm' ? 'plain' : buildName === 'jsep' ? 'jsep' : 'webgpu';
  return { backend, variant: variant as ModelVariant, gpuCache: option === 'gpu-cache', build };
}

/** A contender's name in the log and the table, e.g. `webgpu hf gpu-cache jsep`. */
export const contenderLabel = (c: DawnContender): string =>
  `${c.backend} ${c.variant}${c.gpuCache ? ' gpu-cache' : ''}${c.build === 'jsep' ? ' jsep' : ''}`;

export function parseDawnArgs(argv: string[], root: string): DawnOptions {
  const { values } = usageErrors(() =>
    parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        contenders: { type: 'string', default: DEFAULT_CONTENDERS },
        threads: { type: 'string', default: '1' },
        quick: { type: 'boolean', default: false },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }),
  );
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new UsageError(`--threads takes a whole number from 1; got "${values.threads}"`);
  }
  return {
    modelDir: resolve(values.model ?? join(root, 'public/models/gpt2-shaped')),
    contenders: values.contenders.split(',').map(parseContender),
    quick: values.quick,
    threads,
    out: values.out ?? join(root, 'bench/dawn-results.json'),
  };
}
