import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNodeModel } from '../../scripts/nodeModel';
import { Generation, runToEnd } from './generation';
import { DEFAULT_SAMPLING } from './sampling';
import { ARTICLE_PROMPT, ARTICLE_TEXT, ARTICLE_TOKENS } from './testing/articleRun';
import { decodeTokens, encodeText } from './tokenizer';

/**
 * The source article's run: real GPT-2 (fp32), greedy, "Once upon a time", 19 steps. Needs the
 * downloaded model (`npm run models:fetch -- gpt2`); without it the test is skipped and says so.
 */
const GPT2_DIR = fileURLToPath(new URL('../../public/models/gpt2', import.meta.url));
const FILES = ['onnx/model.onnx', 'onnx/decoder_model_merged.onnx'];
const modelFile = FILES.find((file) => existsSync(join(GPT2_DIR, file)));

if (!modelFile) {
  console.log(
    `golden test skipped: no ${FILES.join(' or ')} in ${GPT2_DIR} ` +
      '(run `npm run models:fetch -- gpt2` with internet access to enable it)',
  );
}

describe.skipIf(!modelFile)('golden: real GPT-2 reproduces the article', () => {
  it('greedy from "Once upon a time" gives the article\'s 19 tokens', async () => {
    const model = await loadNodeModel(GPT2_DIR, modelFile);
    try {
      const prompt = encodeText(ARTICLE_PROMPT);
      const sampling = { ...DEFAULT_SAMPLING, strategy: 'greedy' as const };
      const generation = await Generation.start(model.decoder, prompt, { maxSteps: 19, sampling });
      const reason = await runToEnd(generation, () => undefined);
      expect(reason).toBe('max_steps');
      expect(generation.generatedIds).toEqual(ARTICLE_TOKENS);
      expect(decodeTokens(generation.generatedIds)).toBe(ARTICLE_TEXT);
    } finally {
      await model.session.release();
    }
  });
});
