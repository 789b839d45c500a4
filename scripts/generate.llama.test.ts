/**
 * The CLI on a Llama-family folder: a tiny Qwen2-architecture model (Qwen2.5's 151 936-row table)
 * with Qwen's real tokenizer files. The prompt is encoded with the folder's own vocabulary, the
 * greedy tokens are those of the float64 reference pass, the labels and text are that
 * vocabulary's, and --chat sends the prompt through the folder's chat template.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLlamaModel } from '../src/engine/build/llamaGraph';
import { makeLlamaWeights, type LlamaWeights } from '../src/engine/build/llamaWeights';
import { llamaConfigJson, TINY_QWEN2_QWEN_VOCAB } from '../src/engine/llamaShape';
import { referenceLlamaLogits } from '../src/engine/reference/llamaReference';
import { loadVocabulary } from '../src/engine/vocabulary/loadVocabulary';
import { qwenTokenizerFiles } from '../src/engine/vocabulary/testing/qwenTokenizerFiles';
import { cli } from './testing/runCliLines';

const SHAPE = TINY_QWEN2_QWEN_VOCAB;
const PROMPT = '从前有一个小女孩';
const STEPS = 5;

let dir: string;
let weights: LlamaWeights;
const files = qwenTokenizerFiles();
const vocabulary = loadVocabulary(files);

beforeAll(() => {
  weights = makeLlamaWeights(SHAPE, 5);
  dir = mkdtempSync(join(tmpdir(), 'stepwise-cli-qwen2-'));
  mkdirSync(join(dir, 'onnx'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(llamaConfigJson(SHAPE)));
  writeFileSync(join(dir, 'tokenizer.json'), files.tokenizer);
  writeFileSync(join(dir, 'tokenizer_config.json'), files.config);
  writeFileSync(join(dir, 'onnx/model.onnx'), buildLlamaModel(SHAPE, weights));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Greedy tokens of the float64 reference pass, the whole sequence recomputed each step. */
function referenceGreedy(prompt: number[], steps: number): number[] {
  const ids = [...prompt];
  for (let i = 0; i < steps; i++) {
    const last = referenceLlamaLogits(SHAPE, weights, ids).at(-1)!;
    let best = 0;
    for (let j = 1; j < last.length; j++) if (last[j] > last[best]) best = j;
    ids.push(best);
  }
  return ids.slice(prompt.length);
}

interface StepLine {
  tokenId: number;
  token: string;
}

describe('the CLI on a Llama-family folder', () => {
  it('encodes with the folder’s vocabulary and decodes the reference’s greedy tokens', async () => {
    const run = await cli(['--model', dir, '--prompt', PROMPT, '--steps', `${STEPS}`, '--json']);
    expect(run.code).toBe(0);
    const steps = run.out.slice(0, STEPS).map((line) => JSON.parse(line) as StepLine);
    const done = JSON.parse(run.out[STEPS]) as { tokens: number[]; text: string };
    const promptIds = vocabulary.encode(PROMPT);
    expect(done.tokens).toEqual(referenceGreedy(promptIds, STEPS));
    // Labels and text are Qwen's, not GPT-2's views of the same ids.
    expect(steps.map((s) => s.token)).toEqual(
      done.tokens.map((id) => vocabulary.viewToken(id).label),
    );
    expect(done.text).toBe(vocabulary.decode([...promptIds, ...done.tokens]));
    expect(done.text.startsWith(PROMPT)).toBe(true);
  });

  it('with --chat, reads the prompt inside the chat template, control tokens included', async () => {
    const run = await cli(['--model', dir, '--prompt', PROMPT, '--steps', '1', '--json', '--chat']);
    expect(run.code).toBe(0);
    const done = JSON.parse(run.out[1]) as { text: string };
    expect(
      done.text.startsWith(`<|im_start|>user\n${PROMPT}<|im_end|>\n<|im_start|>assistant\n`),
    ).toBe(true);
  });

  it('refuses a Llama-family folder without tokenizer.json, and --chat without a template', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'stepwise-cli-bare-'));
    try {
      mkdirSync(join(bare, 'onnx'));
      writeFileSync(join(bare, 'config.json'), JSON.stringify(llamaConfigJson(SHAPE)));
      writeFileSync(join(bare, 'onnx/model.onnx'), 'not read');
      const missing = await cli(['--model', bare, '--steps', '1']);
      expect(missing.code).toBe(2);
      expect(missing.err[0]).toMatch(/without tokenizer\.json/);
      writeFileSync(join(bare, 'tokenizer.json'), files.tokenizer);
      const noTemplate = await cli(['--model', bare, '--steps', '1', '--chat']);
      expect(noTemplate.code).toBe(2);
      expect(noTemplate.err[0]).toMatch(/no chat template/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
