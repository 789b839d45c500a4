import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING } from '../../engine/sampling';
import { createRun } from '../../store/run';
import {
  codeSettingsOf,
  hubModelFor,
  pythonCode,
  stringLiteral,
  transformersJsCode,
  type CodeSettings,
} from './codeText';

const greedy: CodeSettings = {
  modelId: 'gpt2',
  prompt: 'Once upon a time',
  maxNewTokens: 19,
  sampling: { ...DEFAULT_SAMPLING, strategy: 'greedy' },
  forcedStep: null,
};

const sampling: CodeSettings = {
  ...greedy,
  maxNewTokens: 8,
  sampling: { strategy: 'sample', temperature: 0.7, topK: 0, topP: 0.9, seed: 42 },
};

describe('code for the run on screen', () => {
  it('writes a greedy Python call: no sampling, max_new_tokens, the prompt, GPT-2', () => {
    const code = pythonCode(greedy);
    expect(code).toContain('model_id = "openai-community/gpt2"');
    expect(code).toContain('inputs = tokenizer("Once upon a time", return_tensors="pt")');
    expect(code).toContain('max_new_tokens=19,');
    expect(code).toContain('do_sample=False,');
    expect(code).not.toMatch(/temperature|top_k|top_p|set_seed/);
    expect(code).toMatch(/^# Greedy decoding/m);
  });

  it('writes a sampling Python call with T, top-k (0 said aloud), top-p and the seed', () => {
    const code = pythonCode(sampling);
    expect(code).toContain('do_sample=True,');
    expect(code).toContain('temperature=0.7,');
    expect(code).toContain('top_k=0,');
    expect(code).toContain('top_p=0.9,');
    expect(code).toContain('max_new_tokens=8,');
    expect(code).toContain('set_seed(42)');
    expect(code).toMatch(/Random streams differ between libraries/);
    expect(code).not.toContain('do_sample=False');
  });

  it('writes Python floats with a point, so top_p=1 reads 1.0', () => {
    const code = pythonCode({ ...sampling, sampling: { ...sampling.sampling, topP: 1 } });
    expect(code).toContain('top_p=1.0,');
  });

  it('writes the same for transformers.js, with the ONNX twin of GPT-2', () => {
    const g = transformersJsCode(greedy);
    expect(g).toContain("from '@huggingface/transformers'");
    expect(g).toContain('const modelId = "Xenova/gpt2";');
    expect(g).toContain('openai-community/gpt2');
    expect(g).toContain('max_new_tokens: 19,');
    expect(g).toContain('do_sample: false,');
    expect(g).not.toContain('random.seed');
    const s = transformersJsCode(sampling);
    expect(s).toContain('do_sample: true,');
    expect(s).toContain('temperature: 0.7,');
    expect(s).toContain('top_k: 0,');
    expect(s).toContain('top_p: 0.9,');
    expect(s).toContain('random.seed(42);');
    expect(s).toMatch(/Random streams differ between libraries/);
  });

  it('passes min-p to Python after top-p, and says transformers.js has none', () => {
    const withMinP = (minP: number | undefined) => ({
      ...sampling,
      sampling: { ...sampling.sampling, minP },
    });
    const py = pythonCode(withMinP(0.05));
    expect(py).toContain('    top_p=0.9,\n    min_p=0.05,\n');
    expect(pythonCode(withMinP(1))).toContain('min_p=1.0,');
    const js = transformersJsCode(withMinP(0.05));
    expect(js).toMatch(/^\/\/ Stepwise also kept only tokens at least min-p 0\.05 × the top/m);
    expect(js).toMatch(/^\/\/ .*transformers\.js has no min-p, so this code samples without/m);
    expect(js).not.toContain('min_p');
    // Off (0, or a run from before min-p) or greedy: no min-p anywhere.
    for (const settings of [withMinP(0), withMinP(undefined), sampling]) {
      expect(pythonCode(settings)).not.toContain('min_p');
      expect(transformersJsCode(settings)).not.toContain('min-p');
    }
    const greedyMinP = { ...greedy, sampling: { ...greedy.sampling, minP: 0.05 } };
    expect(pythonCode(greedyMinP)).not.toContain('min_p');
    expect(transformersJsCode(greedyMinP)).not.toContain('min-p');
  });

  it('treats temperature 0 while sampling as greedy, as the engine does', () => {
    const code = pythonCode({ ...sampling, sampling: { ...sampling.sampling, temperature: 0 } });
    expect(code).toContain('do_sample=False,');
    expect(code).not.toContain('set_seed');
  });

  it('escapes quotes, backslashes and line breaks in the prompt for both languages', () => {
    const prompt = 'He said "hi"\nthen \\left\t\'ok\'';
    const literal = stringLiteral(prompt);
    expect(literal).toBe('"He said \\"hi\\"\\nthen \\\\left\\t\'ok\'"');
    // The literal is one line, and reads back as the prompt.
    expect(literal).not.toContain('\n');
    expect(JSON.parse(literal)).toBe(prompt);
    const py = pythonCode({ ...greedy, prompt });
    const js = transformersJsCode({ ...greedy, prompt });
    expect(py).toContain(`inputs = tokenizer(${literal}, return_tensors="pt")`);
    expect(js).toContain(`const inputs = tokenizer(${literal});`);
    // Every line of the code is still code: the prompt added none.
    expect(py.split('\n').length).toBe(pythonCode(greedy).split('\n').length);
  });

  it('says in a comment that tiny-gpt2 has no Hub id and loads GPT-2 instead', () => {
    const code = pythonCode({ ...greedy, modelId: 'tiny-gpt2' });
    expect(code).toMatch(/^# Stepwise ran "tiny-gpt2", which has no id on the Hugging Face Hub/m);
    expect(code).toContain('model_id = "openai-community/gpt2"');
    expect(transformersJsCode({ ...greedy, modelId: 'tiny-gpt2' })).toMatch(
      /^\/\/ Stepwise ran "tiny-gpt2", which has no id/m,
    );
  });

  it('maps the app model ids to Hub ids', () => {
    expect(hubModelFor('gpt2')).toEqual({
      python: 'openai-community/gpt2',
      js: 'Xenova/gpt2',
      note: 'none',
    });
    expect(hubModelFor('gpt2:q8').note).toBe('eight-bit');
    expect(hubModelFor('Xenova/gpt2@hub').python).toBe('openai-community/gpt2');
    expect(hubModelFor('Xenova/gpt2@hub:q8')).toMatchObject({
      js: 'Xenova/gpt2',
      note: 'eight-bit',
    });
    expect(hubModelFor('distilbert/distilgpt2@built')).toEqual({
      python: 'distilbert/distilgpt2',
      js: 'Xenova/distilgpt2',
      note: 'none',
    });
    expect(hubModelFor('gpt2-shaped').note).toBe('no-hub-id');
    expect(hubModelFor('mine@files').note).toBe('no-hub-id');
  });

  it('counts the steps a run holds, or those asked for while it is generated', () => {
    const run = createRun({
      prompt: 'Hi',
      promptIds: [17250],
      modelId: 'tiny-gpt2',
      config: { maxSteps: 10, sampling: greedy.sampling },
    });
    expect(codeSettingsOf(run, false).maxNewTokens).toBe(10);
    const step = { step: 1, forced: false } as (typeof run.steps)[number];
    const held = { ...run, steps: [step, { ...step, step: 2, forced: true }] };
    expect(codeSettingsOf(held, false)).toMatchObject({ maxNewTokens: 2, forcedStep: 2 });
    expect(codeSettingsOf(held, true).maxNewTokens).toBe(10);
  });
});
