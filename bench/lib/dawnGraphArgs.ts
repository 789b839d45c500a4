/** The command line of `npm run bench:graph` (bench/dawnGraph.ts). */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isModelName, RECIPES } from '../../scripts/modelRecipes';
import { UsageError, usageErrors } from './cli';

export const GRAPH_USAGE = `Usage: npm install --no-save webgpu && npm run bench:graph -- [--model NAME]
         [--capacity N] [--steps N] [--tokens N] [--layers N] [--ways LIST] [--out FILE]

  --model NAME    a recipe of scripts/makeModel.ts: gpt2-shaped (default) or tiny-gpt2
  --capacity N    cache rows of the GroupQueryAttention file (default 1024, at most the context)
  --steps N       timed steps per context and round, 2 rounds (default 16)
  --tokens N      greedy tokens the ways must agree on (default 24)
  --layers N      keep the recipe's first N blocks only (0: embedding and head alone), to see
                  what share of a step the blocks take (default all)
  --ways LIST     comma-separated, of app, gqa, capture, fused (default all four)
  --out FILE      where the figures go (default bench/dawn-graph-results.json)`;

export const WAYS = ['app', 'gqa', 'capture', 'fused'] as const;
/** The prompt every way starts from: "Once upon a time" in GPT-2's vocabulary. */
export const PROMPT = [7454, 2402, 257, 640];
/** Rows the GPU buffers' warm-up reaches (context 16, then 30 steps), rounded up. */
const MIN_CAPACITY = 48;
export type Way = (typeof WAYS)[number];

export interface GraphOptions {
  model: keyof typeof RECIPES;
  /** Blocks kept, or null for the recipe's. */
  layers: number | null;
  ways: Way[];
  capacity: number;
  steps: number;
  tokens: number;
  out: string;
}

export function parseGraphArgs(argv: string[], root: string): GraphOptions {
  const { values } = usageErrors(() =>
    parseArgs({
      args: argv,
      options: {
        model: { type: 'string', default: 'gpt2-shaped' },
        capacity: { type: 'string', default: '1024' },
        steps: { type: 'string', default: '16' },
        tokens: { type: 'string', default: '24' },
        layers: { type: 'string' },
        ways: { type: 'string', default: WAYS.join(',') },
        out: { type: 'string' },
      },
      strict: true,
    }),
  );
  if (!isModelName(values.model)) throw new UsageError(`not a recipe: ${values.model}`);
  const count = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} takes a whole number ≥ 1`);
    return n;
  };
  const layers = values.layers === undefined ? null : Number(values.layers);
  const most = RECIPES[values.model].shape.layers;
  if (layers !== null && (!Number.isInteger(layers) || layers < 0 || layers > most)) {
    throw new UsageError(`--layers takes a whole number from 0 to ${most}`);
  }
  const ways = values.ways.split(',');
  const isWay = (w: string): w is Way => (WAYS as readonly string[]).includes(w);
  if (!ways.every(isWay) || new Set(ways).size !== ways.length) {
    throw new UsageError(`--ways takes ${WAYS.join(', ')}, each once: ${values.ways}`);
  }
  if (layers === 0 && ways.includes('app')) {
    throw new UsageError('--layers 0 leaves the app way no cache: name the other ways in --ways');
  }
  const capacity = count('capacity', values.capacity);
  const tokens = count('tokens', values.tokens);
  // The GPU buffers' ways feed the prompt and the greedy tokens, then warm up from
  // context 16 for 30 steps: all of it in the cache's rows.
  if (capacity < Math.max(MIN_CAPACITY, PROMPT.length + tokens)) {
    throw new UsageError(
      `--capacity ${capacity} is too small: at least ${MIN_CAPACITY} and --tokens + ${PROMPT.length}`,
    );
  }
  return {
    model: values.model,
    layers,
    ways,
    capacity,
    steps: count('steps', values.steps),
    tokens,
    out: resolve(values.out ?? join(root, 'bench', 'dawn-graph-results.json')),
  };
}
