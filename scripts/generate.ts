/**
 * The article's loop in a terminal: encode a prompt, then one model run and one chosen token per
 * step, printing each step as it happens.
 *
 *   npm run generate -- --model public/models/tiny-gpt2 --prompt "Once upon a time" --steps 19
 *     [--strategy greedy|sample --temperature T --top-k K --top-p P --min-p M --seed S]
 *     [--json] [--threads N] [--top N] [--file onnx/model.onnx] [--chat]
 *
 * A Llama-family folder (Qwen2, SmolLM2) is read with its own tokenizer.json, as the page reads
 * it; --chat sends the prompt through the folder's chat template.
 *
 * Plain stdout is deterministic (same arguments → same bytes), so timings go to stderr; with
 * --json they are data: `modelMs` on each step, `prefillMs` and `medianStepMs` at the end.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../src/components/shared/stats';
import { Generation, runToEnd, type StepRecord } from '../src/engine/generation';
import { describeLimit, LIMITS, within } from '../src/engine/limits';
import { localModel, type Precision } from '../src/engine/modelCatalog';
import { DEFAULT_SAMPLING, type SamplingParams } from '../src/engine/sampling';
import type { Vocabulary } from '../src/engine/vocabulary/types';
import { viewedBy } from '../src/worker/stepViews';
import { folderVocabulary, promptIdsFor } from './folderVocabulary';
import { loadNodeModel } from './nodeModel';
import { errorMessage } from '../src/engine/errorMessage';

export interface CliOptions {
  model: string;
  /** Model file inside the folder; null picks the first that exists (fp32 first). */
  file: string | null;
  prompt: string;
  steps: number;
  sampling: SamplingParams;
  json: boolean;
  threads: number;
  top: number;
  /** Send the prompt through the model's chat template (its control tokens included). */
  chat: boolean;
}

export const USAGE = `usage: npm run generate -- [--model DIR] [--prompt TEXT] [--steps N]
  [--strategy greedy|sample] [--temperature T] [--top-k K] [--top-p P] [--min-p M] [--seed S]
  [--json] [--threads N] [--top N] [--file onnx/model.onnx] [--chat]`;

/** Bad command-line input: reported with exit code 2, like most Unix tools. */
class UsageError extends Error {}

const OPTIONS = {
  model: { type: 'string', default: 'public/models/tiny-gpt2' },
  file: { type: 'string' },
  prompt: { type: 'string', default: 'Once upon a time' },
  steps: { type: 'string', default: '19' },
  strategy: { type: 'string', default: DEFAULT_SAMPLING.strategy },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  'min-p': { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean', default: false },
  chat: { type: 'boolean', default: false },
  threads: { type: 'string', default: '2' },
  top: { type: 'string', default: '20' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function number(name: string, text: string, check: (n: number) => boolean, rule: string): number {
  // Number('') is 0 and Number(' 3') is 3: demand a plain decimal literal instead.
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${name} must be ${rule}, got ${JSON.stringify(text)}`);
  }
  return value;
}

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (n: number) =>
    Number.isInteger(n) && n >= min && n <= max;

/** Parses and validates the arguments; throws UsageError with a readable message. */
export function parseCliArgs(argv: readonly string[]): CliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true }));
  } catch (error) {
    throw new UsageError(errorMessage(error), { cause: error });
  }
  if (values.help) return 'help';
  const strategy = values.strategy;
  if (strategy !== 'greedy' && strategy !== 'sample') {
    throw new UsageError(`--strategy must be greedy or sample, got ${JSON.stringify(strategy)}`);
  }
  const sampling: SamplingParams = { ...DEFAULT_SAMPLING, strategy };
  if (values.temperature !== undefined) {
    const rule = 'a number ≥ 0 (0 means greedy)';
    sampling.temperature = number('temperature', values.temperature, (n) => n >= 0, rule);
  }
  if (values['top-k'] !== undefined) {
    sampling.topK = number('top-k', values['top-k'], int(0), 'an integer ≥ 0 (0 = off)');
  }
  if (values['top-p'] !== undefined) {
    const rule = 'a number in (0, 1] (1 = off)';
    sampling.topP = number('top-p', values['top-p'], (n) => n > 0 && n <= 1, rule);
  }
  if (values['min-p'] !== undefined) {
    // The page's range (LIMITS), so a run the CLI makes is one the page accepts.
    const rule = `${describeLimit(LIMITS.minP)} (0 = off)`;
    sampling.minP = number('min-p', values['min-p'], (n) => within(LIMITS.minP, n), rule);
  }
  if (values.seed !== undefined) {
    sampling.seed = number('seed', values.seed, int(0, 2 ** 32 - 1), 'an integer in [0, 2³²)');
  }
  if (values.prompt.length === 0) throw new UsageError('--prompt must not be empty');
  return {
    model: values.model,
    file: values.file ?? null,
    prompt: values.prompt,
    steps: number('steps', values.steps, int(1), 'an integer ≥ 1'),
    sampling,
    json: values.json,
    chat: values.chat,
    threads: number('threads', values.threads, int(1, 256), 'an integer ≥ 1'),
    // At least 20: the JSON lines promise a top-20 for every step.
    top: number('top', values.top, int(20, 1000), 'an integer in [20, 1000]'),
  };
}

/** The first model file that exists in `dir`, in the catalog's order (fp32 before fp16, q8). */
function findModelFile(dir: string, file: string | null): string {
  if (!existsSync(join(dir, 'config.json'))) {
    throw new UsageError(
      `no model at ${dir} (config.json missing): run \`npm run models:tiny\` or ` +
        '`npm run models:fetch -- gpt2`',
    );
  }
  const precisions: Precision[] = ['fp32', 'fp16', 'q8'];
  const candidates = file ? [file] : precisions.flatMap((p) => localModel('model', p).modelFiles);
  const found = candidates.find((c) => existsSync(join(dir, c)));
  if (!found) throw new UsageError(`no model file (${candidates.join(', ')}) in ${dir}`);
  return found;
}

/** A token label in single quotes with JSON-style escapes, so spaces and newlines stay visible. */
export function quoteToken(label: string): string {
  const inner = JSON.stringify(label).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${inner}'`;
}

const round = (value: number, digits: number): number => Number(value.toPrecision(digits));

function stepJson(record: StepRecord, promptLength: number): string {
  return JSON.stringify({
    step: record.step,
    tokenId: record.tokenId,
    token: record.token.label,
    seqLen: promptLength + record.step,
    top: record.candidates.map((c) => ({
      id: c.id,
      token: c.token.label,
      prob: c.prob,
      logit: c.logit,
      eligible: c.eligible,
    })),
    entropy: record.entropy,
    modelMs: round(record.modelMs, 4),
  });
}

/**
 * Runs the CLI with `argv` (without node and script), writing lines through `out` and
 * diagnostics through `err`. Returns the exit code: 0 done, 1 failure, 2 bad arguments.
 */
export async function runCli(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void = out,
): Promise<number> {
  let options: CliOptions | 'help';
  let modelFile: string;
  let vocabulary: Vocabulary;
  let promptIds: number[];
  try {
    options = parseCliArgs(argv);
    if (options === 'help') {
      out(USAGE);
      return 0;
    }
    const dir = resolve(options.model);
    modelFile = findModelFile(dir, options.file);
    try {
      vocabulary = folderVocabulary(dir);
      promptIds = promptIdsFor(dir, vocabulary, options.prompt, options.chat);
    } catch (error) {
      throw new UsageError(errorMessage(error), { cause: error });
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`error: ${error.message}`);
    err(USAGE);
    return 2;
  }
  const { sampling, json, steps: maxSteps, top } = options;
  if (sampling.strategy === 'greedy') {
    const ignored = ['temperature', 'top-k', 'top-p', 'min-p', 'seed'].filter((o) =>
      argv.some((a) => a === `--${o}` || a.startsWith(`--${o}=`)),
    );
    if (ignored.length > 0) err(`note: greedy decoding ignores --${ignored.join(', --')}`);
  }

  const model = await loadNodeModel(resolve(options.model), modelFile, options.threads);
  try {
    if (promptIds.length > model.shape.context) {
      const { context } = model.shape;
      err(`error: the prompt has ${promptIds.length} tokens; this model reads at most ${context}`);
      return 2;
    }
    const config = { maxSteps, sampling, candidateCount: top };
    const generation = await Generation.start(model.decoder, promptIds, config);
    const reason = await runToEnd(generation, (made) => {
      // Generation labels tokens with GPT-2's views; the model's own vocabulary names them here.
      const record = viewedBy(made, vocabulary);
      if (json) out(stepJson(record, promptIds.length));
      else {
        const seqLen = promptIds.length + record.step;
        const shown = quoteToken(record.token.label);
        out(
          `step ${record.step}: token ${shown} (id ${record.tokenId}), sequence length ${seqLen}`,
        );
      }
    });
    const ids = generation.generatedIds;
    const text = vocabulary.decode([...promptIds, ...ids]);
    // Step 1's model time is the prefill of the whole prompt; the rest are one-token steps.
    const prefillMs = generation.steps[0]?.modelMs ?? NaN;
    const later = generation.steps.slice(1);
    const stepMs = median(later.map((s) => s.modelMs)) ?? NaN;
    // Model time plus choosing the token (softmax over the whole vocabulary, cut-offs, top list).
    const stepTotalMs = median(later.map((s) => s.totalMs)) ?? NaN;
    if (json) {
      const continuation = vocabulary.decode(ids);
      const done = { done: true, text, continuation, reason, tokens: ids };
      const timing = {
        prefillMs: round(prefillMs, 4),
        medianStepMs: round(stepMs, 4),
        medianStepTotalMs: round(stepTotalMs, 4),
      };
      out(JSON.stringify({ ...done, ...timing }));
    } else {
      out('');
      out(text);
      out(`stop reason: ${reason}`);
      const threads = `${options.threads} thread${options.threads === 1 ? '' : 's'}`;
      err(
        `timing: prefill ${prefillMs.toFixed(2)} ms (${promptIds.length} tokens), median step ` +
          `${stepMs.toFixed(2)} ms in the model, ${stepTotalMs.toFixed(2)} ms in all, over ` +
          `${later.length} steps, ${threads}`,
      );
    }
    return 0;
  } finally {
    model.decoder.dispose();
    await model.session.release();
  }
}

// Run only when executed (`tsx scripts/generate.ts`), not when a test imports runCli.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const write = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`);
  runCli(process.argv.slice(2), write(process.stdout), write(process.stderr)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${errorMessage(error)}\n`);
      process.exitCode = 1;
    },
  );
}
