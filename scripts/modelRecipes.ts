/**
 * The generated models' recipes (shape, seed, weight scales) and their drafts' derivations: what
 * scripts/makeModel.ts writes, and what a bench or test rebuilds in memory. A module of its own,
 * free of the writer's command line: makeModel.ts runs its command line when `process.argv[1]` is
 * its own file, and inside a bundle (bench/README.md, "Graph capture on a real GPU") every module's
 * `import.meta.url` is the bundle's, so importing makeModel.ts there would run it.
 */
import { GPT2_SMALL, TINY_GPT2, type ModelShape } from '../src/engine/modelShape';
import { GPT2_INIT_SCALES, TINY_SCALES, type WeightScales } from '../src/engine/build/tinyWeights';

export interface Recipe {
  shape: ModelShape;
  seed: number;
  scales: WeightScales;
}

export const RECIPES = {
  // Small enough to generate on every `npm start`/`npm test`, and decodes non-degenerately.
  'tiny-gpt2': { shape: TINY_GPT2, seed: 1234, scales: TINY_SCALES },
  // GPT-2 small's shape with random weights: real sizes for timing, without a download.
  'gpt2-shaped': { shape: GPT2_SMALL, seed: 42, scales: GPT2_INIT_SCALES },
} satisfies Record<string, Recipe>;

export type ModelName = keyof typeof RECIPES;

export const isModelName = (name: string): name is ModelName => Object.hasOwn(RECIPES, name);

/**
 * Draft models for speculative decoding, derived from a recipe's weights: its first `layers`
 * blocks with the same embeddings and final norm (so the same vocabulary and tokenizer), the last
 * kept block's writes to the residual stream (both output projections) scaled by `lastScale`.
 * Measured as the share of positions where the draft's greedy token is the whole model's (three
 * prompts, 40 tokens each): tiny-gpt2's first block alone 3 %, both blocks with the second one's
 * writes scaled by 0.7 51 % (0.5: 35 %); gpt2-shaped's first block 8 %, first two 6 %, first
 * four 2 % (random weights give a deeper model little in common with its first blocks).
 */
export const DRAFTS = {
  'tiny-gpt2-draft': { base: 'tiny-gpt2', layers: 2, lastScale: 0.7 },
  'gpt2-shaped-draft': { base: 'gpt2-shaped', layers: 1, lastScale: 1 },
} satisfies Record<string, { base: ModelName; layers: number; lastScale: number }>;

export type DraftName = keyof typeof DRAFTS;
/** Every folder the writer makes: the recipes and their drafts. */
export type WritableName = ModelName | DraftName;

export const isWritableName = (name: string): name is WritableName =>
  isModelName(name) || Object.hasOwn(DRAFTS, name);
