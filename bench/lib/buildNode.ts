/**
 * The build part's Node side: model.safetensors of the bench's model, written once, and the
 * build measured in a child process (bench/lib/buildChild.ts) whose peak memory is read there.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hubTensors } from '../../src/engine/build/hubWeights';
import { writeSafetensors } from '../../src/engine/build/safetensors';
import { makeWeights, WEIGHTS_VERSION } from '../../src/engine/build/tinyWeights';
import { RECIPES, writeAtomic, type ModelName } from '../../scripts/makeModel';
import type { BuildRunResult } from '../shared/protocol';
import type { BuildChildReport } from './buildChild';

/**
 * The folder of the safetensors, inside the model's folder (ignored by git, left out of
 * `npm run build`'s copy of public/ for gpt2-shaped) so that the dev server serves it to the
 * bench page; a subfolder, so that nothing reading the model folder takes it for the model's own.
 */
export const WEIGHTS_SUBDIR = 'bench-weights';
export const WEIGHTS_FILE = 'model.safetensors';
const STAMP_FILE = '.stepwise-version';

/** What the safetensors were written from: changes whenever the recipe's weights would. */
export const weightsStamp = (name: ModelName): string =>
  `${WEIGHTS_VERSION} ${name} seed ${RECIPES[name].seed}\n`;

/**
 * The model's weights under the Hub checkpoint's names as model.safetensors (what a user hands
 * the browser's build), written when missing or stale. Returns its path.
 */
export function ensureSafetensors(
  modelDir: string,
  name: ModelName,
  log: (line: string) => void,
): string {
  const dir = join(modelDir, WEIGHTS_SUBDIR);
  const file = join(dir, WEIGHTS_FILE);
  const stampPath = join(dir, STAMP_FILE);
  const stamp = weightsStamp(name);
  if (existsSync(file) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) {
    return file;
  }
  log(`writing ${name}'s weights as ${WEIGHTS_SUBDIR}/${WEIGHTS_FILE}…`);
  mkdirSync(dir, { recursive: true });
  const { shape, seed, scales } = RECIPES[name];
  writeAtomic(file, writeSafetensors(hubTensors(shape, makeWeights(shape, seed, scales))));
  writeAtomic(stampPath, stamp);
  log(`${(statSync(file).size / 1e6).toFixed(0)} MB written`);
  return file;
}

/** The child's report: its last line of stdout, one JSON object. */
export function parseChildReport(stdout: string): BuildChildReport {
  const last = stdout.trim().split('\n').pop() ?? '';
  let report: unknown;
  try {
    report = JSON.parse(last);
  } catch {
    throw new Error(`the build child printed no report: ${last.slice(0, 200)}`);
  }
  const r = report as Partial<BuildChildReport>;
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.peakBytes !== 'number' ||
    typeof r.baselineBytes !== 'number' ||
    typeof r.figures !== 'object'
  ) {
    throw new Error(`the build child's report is malformed: ${last.slice(0, 200)}`);
  }
  return r as BuildChildReport;
}

/** The build in a child process (tsx, as `npm run bench` runs); its figures and peak RSS. */
export async function runBuildChild(
  root: string,
  modelDir: string,
  weightsFile: string,
  log: (line: string) => void,
): Promise<BuildRunResult> {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const child = join(root, 'bench', 'lib', 'buildChild.ts');
  const { stdout, stderr } = await promisify(execFile)(tsx, [child, modelDir, weightsFile], {
    cwd: root,
    maxBuffer: 16 * 2 ** 20,
  });
  for (const line of stderr.trim().split('\n').filter(Boolean)) log(`node ${line}`);
  const { figures, baselineBytes, peakBytes } = parseChildReport(stdout);
  return {
    kind: 'build',
    runtime: 'node',
    ...figures,
    memory: {
      baselineBytes,
      peakBytes,
      how: 'process.resourceUsage().maxRSS of a child process (tsx); baseline: its RSS before reading the file',
    },
  };
}
