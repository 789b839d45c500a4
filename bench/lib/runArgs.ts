/** The command line of `npm run bench`: --quick and --only. */
import { parseArgs } from 'node:util';
import { UsageError, usageErrors } from './cli';

/** The parts of a run that --only can pick. */
export const PARTS = [
  'wasm',
  'node',
  'tjs',
  'webgpu',
  'ui',
  'pagestep',
  'inspect',
  'build',
  'spec',
  'beam',
  'llama',
  'longctx',
] as const;
export type Part = (typeof PARTS)[number];

/** Parts a --quick run leaves out unless --only names them (minutes each on a 2-core machine). */
export const NOT_IN_QUICK: readonly Part[] = ['inspect', 'build', 'spec', 'llama'];

/** Parts only --only runs (experiments, minutes each): never in a plain or --quick run. */
export const ONLY_WHEN_NAMED: readonly Part[] = ['longctx'];

export interface RunOptions {
  quick: boolean;
  /** Whether this run measures `part` (every part unless --only names a subset). */
  only: (part: Part) => boolean;
}

export const RUN_USAGE = `Usage: npm run bench [-- --quick] [-- --only=${PARTS.join(',')}]

  --quick        fewer contenders, contexts and steps (the targets' contenders stay);
                 without inspect, build, spec and llama unless --only names them
  --only=PARTS   run only these parts, comma-separated (for working on the bench itself):
                 wasm    the app's engine in headless Chromium, on WASM
                 node    onnxruntime-node (native) and onnxruntime-web in Node
                 tjs     transformers.js in Chromium
                 webgpu  the app's engine on Chromium's WebGPU adapter
                 ui      the app page from the production build
                 pagestep gpt2-shaped's decode step in the app page (WASM, runs after the
                         first), then the bench page's on as many threads
                 inspect the inspection pass at 128 and 512 tokens, Node and Chromium's WASM
                 build   the browser's build of the app's files from model.safetensors,
                         in Node (peak memory of a child process) and in Chromium's worker
                 spec    speculative against greedy decoding on Node: tiny-gpt2 and
                         gpt2-shaped with their derived drafts
                 beam    a batched 4-beam step against a greedy step at context 128,
                         Chromium's WASM and Node
                 llama   a 0.5B-class model (Qwen2.5-0.5B's shape, 8-bit, random weights):
                         session, prefill, steps and peak memory, WASM in Node and native
                 longctx gpt2-shaped's step at context 16 and 1000 per cache layout (slots,
                         Hugging Face, GroupQueryAttention) and probes of its parts, WASM in
                         Node and native; only when named here
Writes a table to stdout and bench/results.json.`;

const isPart = (name: string): name is Part => (PARTS as readonly string[]).includes(name);

export function parseRunArgs(argv: string[]): RunOptions {
  const { values } = usageErrors(() =>
    parseArgs({
      args: argv,
      options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }),
  );
  if (values.only === undefined) {
    const quick = values.quick;
    return {
      quick,
      only: (part) => !ONLY_WHEN_NAMED.includes(part) && (!quick || !NOT_IN_QUICK.includes(part)),
    };
  }
  const names = values.only.split(',').filter((name) => name !== '');
  const unknown = names.filter((name) => !isPart(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`--only takes ${PARTS.join(', ')}; got "${values.only}"`);
  }
  const parts = new Set(names);
  return { quick: values.quick, only: (part) => parts.has(part) };
}
