/**
 * What the generation tests share: the tiny model loaded once per file with onnxruntime-node, the
 * article's prompt, greedy and seeded sampling settings, and a run to its end.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { Generation, runToEnd, type GenerationConfig, type StepRecord } from '../generation';
import { DEFAULT_SAMPLING, type SamplingParams } from '../sampling';
import { encodeText } from '../tokenizer';

export const TINY_DIR = fileURLToPath(new URL('../../../public/models/tiny-gpt2', import.meta.url));
export const PROMPT = encodeText('Once upon a time');
export const greedy: SamplingParams = { ...DEFAULT_SAMPLING, strategy: 'greedy' };
export const sampled = (seed: number): SamplingParams => ({
  ...DEFAULT_SAMPLING,
  strategy: 'sample',
  temperature: 1,
  seed,
});

/** Loads tiny-gpt2 before the file's tests and releases it after; read it inside a test. */
export function loadTinyModelForTests(): () => NodeModel {
  let tiny: NodeModel | undefined;
  beforeAll(async () => {
    if (!existsSync(`${TINY_DIR}/onnx/model.onnx`)) {
      throw new Error(`${TINY_DIR} is missing: run \`npm run models:tiny\` first`);
    }
    tiny = await loadNodeModel(TINY_DIR);
  });
  afterAll(async () => {
    await tiny?.session.release();
  });
  return () => tiny!;
}

/** A generation run to its end on `model`, with every step it recorded. */
export async function generateAll(
  model: NodeModel,
  prompt: readonly number[],
  config: GenerationConfig,
  history: readonly number[] = [],
): Promise<{ generation: Generation; reason: string; steps: StepRecord[] }> {
  const generation = await Generation.start(model.decoder, prompt, config, history);
  const steps: StepRecord[] = [];
  const reason = await runToEnd(generation, (record) => steps.push(record));
  return { generation, reason, steps };
}
