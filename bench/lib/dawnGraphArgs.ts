/** The command line of `npm run bench:graph` (bench/dawnGraph.ts). */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isModelName, type RECIPES } from '../../scripts/modelRecipes';
import { UsageError, usageErrors } from './cli';

export const GRAPH_USAGE = `Usage: npm install --no-save webgpu && npm run bench:graph -- [--model NAME]
         [--capacity N] [--steps N] [--tokens N] [--out FILE]

  --model NAME    a recipe of scripts/makeModel.ts: gpt2-shaped (default) or tiny-gpt2
  --capacity N    cache rows of the GroupQueryAttention file (default 1024, at most the context)
  --steps N       timed steps per context and round, 2 rounds (default 16)
  --tokens N      greedy tokens the three ways must agree on (default 24)
  --out FILE      where the figures go (default bench/dawn-graph-results.json)`;

export interface GraphOptions {
  model: keyof typeof RECIPES;
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
  return {
    model: values.model,
    capacity: count('capacity', values.capacity),
    steps: count('steps', values.steps),
    tokens: count('tokens', values.tokens),
    out: resolve(values.out ?? join(root, 'bench', 'dawn-graph-results.json')),
  };
}
