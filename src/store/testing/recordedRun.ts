/**
 * One real run recorded on tiny-gpt2 (a sampled step, a forced one, then to the end) and its
 * exported file, shared by the run-file tests: `setUpRecordedRun()` records them before a file's
 * tests; `run` and `text` are then live.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import {
  Generation,
  runToEnd,
  type GenerationConfig,
  type StepRecord,
} from '../../engine/generation';
import { encodeText } from '../../engine/tokenizer';
import { createRun, newRunId, type Run } from '../run';
import { exportRun, type RunFileJson } from '../runFile';
import { translateMessage } from '../../i18n';
import type { Message } from '../../i18n/message';
import { parseRunFile } from '../runFileParse';

const TINY_DIR = fileURLToPath(new URL('../../../public/models/tiny-gpt2', import.meta.url));
export const CREATED = Date.UTC(2026, 10, 28, 9, 30);
export const EXPORTED = Date.UTC(2026, 10, 28, 10, 0);
/** An unlikely token to force, so that the file must carry the NaN running sum it gets. */
export const FORCED_ID = 31415;
export const CONFIG: GenerationConfig = {
  maxSteps: 12,
  candidateCount: 20,
  sampling: { strategy: 'sample', temperature: 1.3, topK: 40, topP: 0.9, minP: 0.05, seed: 7 },
};

let tiny: NodeModel;
/** The recorded run and its exported file (set once `setUpRecordedRun`'s hook has run). */
export let run: Run;
export let text: string;

/** Records a real run on the tiny model: one sampled step, one forced step, then to the end. */
export async function recordRun(
  prompt: string,
  config: GenerationConfig,
  force: boolean,
): Promise<Run> {
  const promptIds = encodeText(prompt);
  const generation = await Generation.start(tiny.decoder, promptIds, config);
  const steps: StepRecord[] = [];
  const first = await generation.next();
  if (first.kind === 'step') steps.push(first.record);
  if (force) {
    const forced = await generation.next(FORCED_ID);
    if (forced.kind === 'step') steps.push(forced.record);
  }
  const stopReason = await runToEnd(generation, (record) => steps.push(record));
  return createRun({
    id: newRunId(CREATED),
    createdAt: CREATED,
    modelId: 'tiny-gpt2',
    backend: 'wasm',
    prompt,
    promptIds,
    config,
    steps,
    stopReason,
    prefillMs: 4.25,
    parent: force ? { runId: 'run-mf3x9k-01', step: 2, tokenId: FORCED_ID } : null,
  });
}

/** Loads tiny-gpt2 and records the run before the calling file's tests. */
export function setUpRecordedRun(): void {
  beforeAll(async () => {
    if (!existsSync(`${TINY_DIR}/onnx/model.onnx`)) {
      throw new Error(`${TINY_DIR} is missing: run \`npm run models:tiny\` first`);
    }
    tiny = await loadNodeModel(TINY_DIR);
    run = await recordRun('Once upon a time', CONFIG, true);
    text = exportRun(run, '0.1.0', EXPORTED);
  });
  afterAll(async () => {
    await tiny?.session.release();
  });
}

export function imported(fileText: string, maxBytes?: number): Run {
  const result = parseRunFile(fileText, maxBytes);
  if (!result.ok) {
    throw new Error(`expected the file to import, got: ${translateMessage('en', result.reason)}`);
  }
  return result.run;
}

/** Why the file was rejected, in English. */
export function rejection(fileText: string, maxBytes?: number): string {
  return translateMessage('en', rejectionMessage(fileText, maxBytes));
}

/** Why the file was rejected, as the message the page shows. */
export function rejectionMessage(fileText: string, maxBytes?: number): Message {
  const result = parseRunFile(fileText, maxBytes);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.reason;
}

/** The exported file with one change made to its parsed form. */
export function edited(change: (file: RunFileJson) => void): string {
  const file: RunFileJson = JSON.parse(text);
  change(file);
  return JSON.stringify(file);
}
