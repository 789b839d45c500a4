/** The command line of `npm run bench`: --quick and --only. */
import { parseArgs } from 'node:util';
import { UsageError, usageErrors } from './cli';

/** The parts of a run that --only can pick. */
export const PARTS = ['wasm', 'node', 'tjs', 'webgpu', 'ui'] as const;
export type Part = (typeof PARTS)[number];

export interface RunOptions {
  quick: boolean;
  /** Whether this run measures `part` (every part unless --only names a subset). */
  only: (part: Part) => boolean;
}

export const RUN_USAGE = `Usage: npm run bench [-- --quick] [-- --only=${PARTS.join(',')}]

  --quick        fewer contenders, contexts and steps (the targets' contenders stay)
  --only=PARTS   run only these parts, comma-separated (for working on the bench itself):
                 wasm    the app's engine in headless Chromium, on WASM
                 node    onnxruntime-node (native) and onnxruntime-web in Node
                 tjs     transformers.js in Chromium
                 webgpu  the app's engine on Chromium's WebGPU adapter
                 ui      the app page from the production build
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
  if (values.only === undefined) return { quick: values.quick, only: () => true };
  const names = values.only.split(',').filter((name) => name !== '');
  const unknown = names.filter((name) => !isPart(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`--only takes ${PARTS.join(', ')}; got "${values.only}"`);
  }
  const parts = new Set(names);
  return { quick: values.quick, only: (part) => parts.has(part) };
}
