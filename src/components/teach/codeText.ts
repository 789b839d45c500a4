/**
 * The run on screen as code a student can run elsewhere: a Python `transformers` `generate` call
 * and the same with transformers.js. Text only, built from plain values, so it is testable.
 */
import { isGreedy, type SamplingParams } from '../../engine/sampling';
import type { Run } from '../../store/run';

export interface CodeSettings {
  modelId: string;
  prompt: string;
  maxNewTokens: number;
  sampling: SamplingParams;
  /** The first forced step of a branch, when the run has one. */
  forcedStep: number | null;
}

/**
 * The settings of `run` for the code: as a share link counts them, the steps it holds (a run cut
 * short by Stop included), or while it is being generated the steps it was asked for.
 */
export function codeSettingsOf(run: Run, generating: boolean): CodeSettings {
  const recorded = run.steps.length;
  const firstForced = run.steps.find((s) => s.forced)?.step ?? null;
  return {
    modelId: run.modelId,
    prompt: run.prompt,
    maxNewTokens: generating || recorded === 0 ? run.config.maxSteps : recorded,
    sampling: run.config.sampling,
    forcedStep: firstForced ?? (run.parent ? run.parent.step : null),
  };
}

export type CodeLanguage = 'python' | 'transformersjs';

/** Where the run's model lives on the Hugging Face Hub, for each library. */
export interface HubModel {
  python: string;
  js: string;
  /** Why the code cannot load the very model of the run, when it cannot. */
  note: 'none' | 'no-hub-id' | 'eight-bit';
}

const GPT2_PY = 'openai-community/gpt2';
/** The same weights converted to ONNX, which transformers.js reads. */
const GPT2_JS = 'Xenova/gpt2';
/** Python repos whose ONNX conversion for transformers.js lives under another name. */
const JS_TWINS: Record<string, string> = {
  [GPT2_PY]: GPT2_JS,
  'distilbert/distilgpt2': 'Xenova/distilgpt2',
};
const PY_TWINS: Record<string, string> = Object.fromEntries(
  Object.entries(JS_TWINS).map(([py, js]) => [js, py]),
);

/**
 * The Hub ids for a Stepwise model id: `gpt2` (any precision) and the Hub's GPT-2 are
 * openai-community/gpt2; a model built from a repo is that repo; tiny-gpt2, gpt2-shaped and
 * models from files have no Hub id, and the code then loads GPT-2.
 */
export function hubModelFor(modelId: string): HubModel {
  const eightBit = /:q8$/.test(modelId);
  const withNote = (python: string, js: string): HubModel => ({
    python,
    js,
    note: eightBit ? 'eight-bit' : 'none',
  });
  const repo = /^([\w.-]+\/[\w.-]+)@(?:hub|built)(?::\w+)?$/.exec(modelId)?.[1];
  if (repo) {
    const python = PY_TWINS[repo] ?? repo;
    return withNote(python, JS_TWINS[python] ?? repo);
  }
  if (/^gpt2(?::\w+)?$/.test(modelId)) return withNote(GPT2_PY, GPT2_JS);
  return { python: GPT2_PY, js: GPT2_JS, note: 'no-hub-id' };
}

/**
 * A string literal that Python and JavaScript both read back as `text`: quotes, backslashes,
 * line breaks and other control characters escaped (JSON's rules are a subset of both).
 */
export function stringLiteral(text: string): string {
  return JSON.stringify(text);
}

/** Numbers as the settings form shows them: 0.7, not 0.7000000000000001. */
const num = (v: number): string => String(Number(v.toFixed(6)));

/** The min-p cut-off of the run, 0 when it has none (runs made before min-p existed). */
const minPOf = (p: SamplingParams): number => p.minP ?? 0;

/** Python writes floats with a point: 1.0, not 1. */
const pyFloat = (v: number): string => {
  const text = num(v);
  return /[.e]/.test(text) ? text : `${text}.0`;
};

function modelComments(model: HubModel, modelId: string, hash: string): string[] {
  if (model.note === 'no-hub-id') {
    return [
      `${hash} Stepwise ran "${modelId.replace(/[\r\n]/g, ' ')}", which has no id on the Hugging Face Hub:`,
      `${hash} this code loads GPT-2 instead, so its tokens differ from the run's.`,
    ];
  }
  if (model.note === 'eight-bit') {
    return [
      `${hash} Stepwise ran the 8-bit weights; this code loads the full-precision ones,`,
      `${hash} so a probability can differ slightly.`,
    ];
  }
  return [];
}

function commonComments(s: CodeSettings, hash: string): string[] {
  const lines = isGreedy(s.sampling)
    ? [`${hash} Greedy decoding: the most likely token at every step, as in Stepwise.`]
    : [
        `${hash} Sampling with seed ${s.sampling.seed}. Random streams differ between libraries,`,
        `${hash} so the tokens will differ from Stepwise's; only greedy decoding gives the same.`,
      ];
  if (s.forcedStep !== null) {
    lines.push(
      `${hash} The run forced a token at step ${s.forcedStep}; this code makes the run the model`,
      `${hash} would have made without it.`,
    );
  }
  return lines;
}

/** Python `transformers`: tokenizer, model, `generate`, and the text printed. */
export function pythonCode(s: CodeSettings): string {
  const model = hubModelFor(s.modelId);
  const greedy = isGreedy(s.sampling);
  const { temperature, topK, topP, seed } = s.sampling;
  const minP = minPOf(s.sampling);
  const args = [`    **inputs,`, `    max_new_tokens=${s.maxNewTokens},`];
  if (greedy) args.push(`    do_sample=False,`);
  else {
    args.push(
      `    do_sample=True,`,
      `    temperature=${pyFloat(temperature)},`,
      // transformers' own default is top_k=50: 0 must be said to turn the cut-off off.
      `    top_k=${topK},`,
      `    top_p=${pyFloat(topP)},`,
    );
    // transformers applies min_p after top-k and top-p, as Stepwise does; unset, it is off.
    if (minP > 0) args.push(`    min_p=${pyFloat(minP)},`);
  }
  args.push(`    pad_token_id=tokenizer.eos_token_id,`);
  return [
    ...modelComments(model, s.modelId, '#'),
    ...commonComments(s, '#'),
    `from transformers import AutoModelForCausalLM, AutoTokenizer${greedy ? '' : ', set_seed'}`,
    '',
    `model_id = ${stringLiteral(model.python)}`,
    `tokenizer = AutoTokenizer.from_pretrained(model_id)`,
    `model = AutoModelForCausalLM.from_pretrained(model_id)`,
    '',
    ...(greedy ? [] : [`set_seed(${seed})`]),
    `inputs = tokenizer(${stringLiteral(s.prompt)}, return_tensors="pt")`,
    `outputs = model.generate(`,
    ...args,
    `)`,
    `print(tokenizer.decode(outputs[0], skip_special_tokens=True))`,
    '',
  ].join('\n');
}

/** transformers.js (`@huggingface/transformers`, version 4): the same call in JavaScript. */
export function transformersJsCode(s: CodeSettings): string {
  const model = hubModelFor(s.modelId);
  const greedy = isGreedy(s.sampling);
  const { temperature, topK, topP, seed } = s.sampling;
  const options = [`  ...inputs,`, `  max_new_tokens: ${s.maxNewTokens},`];
  if (greedy) options.push(`  do_sample: false,`);
  else {
    options.push(
      `  do_sample: true,`,
      `  temperature: ${num(temperature)},`,
      `  top_k: ${topK},`,
      `  top_p: ${num(topP)},`,
    );
  }
  const imports = ['AutoModelForCausalLM', 'AutoTokenizer', ...(greedy ? [] : ['random'])];
  // transformers.js 4 reads no min_p: the code says so instead of passing one it would ignore.
  const minP = minPOf(s.sampling);
  const noMinP =
    !greedy && minP > 0
      ? [
          `// Stepwise also kept only tokens at least min-p ${num(minP)} × the top token's`,
          `// probability; transformers.js has no min-p, so this code samples without that cut-off.`,
        ]
      : [];
  const twin =
    model.js === model.python
      ? []
      : [`// ${model.js}: ${model.python} converted to ONNX, the format transformers.js reads.`];
  return [
    ...modelComments(model, s.modelId, '//'),
    ...commonComments(s, '//'),
    ...noMinP,
    ...twin,
    `import { ${imports.join(', ')} } from '@huggingface/transformers';`,
    '',
    `const modelId = ${stringLiteral(model.js)};`,
    `const tokenizer = await AutoTokenizer.from_pretrained(modelId);`,
    `const model = await AutoModelForCausalLM.from_pretrained(modelId);`,
    '',
    ...(greedy ? [] : [`random.seed(${seed});`]),
    `const inputs = tokenizer(${stringLiteral(s.prompt)});`,
    `const outputs = await model.generate({`,
    ...options,
    `});`,
    `console.log(tokenizer.batch_decode(outputs, { skip_special_tokens: true })[0]);`,
    '',
  ].join('\n');
}

export function codeFor(language: CodeLanguage, s: CodeSettings): string {
  return language === 'python' ? pythonCode(s) : transformersJsCode(s);
}
