/** Small pieces of the driver: the model folder, the q8 check, the log, failures kept as data. */
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_MODELS_DIR,
  modelUpToDate,
  writeModel,
  type WritableName,
} from '../../scripts/makeModel';
import type { Outcome } from './results';
import { errorMessage } from '../../src/engine/errorMessage';

const started = performance.now();

export const elapsedS = (): number => Math.round((performance.now() - started) / 1000);

export const log = (line: string): void =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** Where a model's folder is, written or not. */
export const modelFolder = (name: WritableName): string => join(DEFAULT_MODELS_DIR, name);

/** The model folder, written (seeded, so always the same weights) when missing or stale. */
export function ensureModel(name: WritableName): string {
  const dir = modelFolder(name);
  if (!modelUpToDate(dir, name)) {
    log(`writing ${name}…`);
    writeModel(name);
  }
  return dir;
}

export function q8Status(dir: string, name: string): string {
  const files = readdirSync(join(dir, 'onnx'));
  const q8 = files.filter((f) => /quant|q8|int8|uint8/i.test(f));
  return q8.length === 0
    ? `no q8 file in ${name}/onnx (only ${files.join(', ')})`
    : `q8 files: ${q8.join(', ')}`;
}

/** Load average (1 min) at the start of each attempt, by name; bench.ts stores it in results. */
export const loadAtStart: Record<string, number> = {};

export async function attempt<T>(what: string, work: () => Promise<T>): Promise<Outcome<T>> {
  loadAtStart[what] = Number(loadavg()[0].toFixed(2));
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const message = errorMessage(error);
    log(`${what} failed: ${message}`);
    return { ok: false, error: `${what}: ${message}` };
  }
}
