/**
 * A child process of `npm run bench` (bench/lib/buildNode.ts): builds the app's files from a
 * model.safetensors in a process of its own, so that its peak memory is the build's and not the
 * bench's. Usage: tsx bench/lib/buildChild.ts MODEL_DIR SAFETENSORS; prints one JSON line
 * (BuildChildReport) last.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseModelConfig } from '../../src/engine/modelShape';
import { measureBuild } from '../shared/buildMeasure';
import type { BuildFigures } from '../shared/protocol';

export interface BuildChildReport {
  figures: BuildFigures;
  /** RSS before the safetensors were read (Node, tsx and the modules loaded), in bytes. */
  baselineBytes: number;
  /** process.resourceUsage().maxRSS at the end, in bytes. */
  peakBytes: number;
}

async function main([modelDir, weightsFile]: string[]): Promise<void> {
  if (modelDir === undefined || weightsFile === undefined) {
    throw new Error('usage: tsx bench/lib/buildChild.ts MODEL_DIR SAFETENSORS');
  }
  const shape = parseModelConfig(JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')));
  const baselineBytes = process.memoryUsage.rss();
  const figures = await measureBuild(
    // A Buffer is a Uint8Array: no second copy of the 500 MB.
    () => readFile(weightsFile),
    shape,
    (line) => console.error(line),
  );
  // maxRSS is in kilobytes.
  const report: BuildChildReport = {
    figures,
    baselineBytes,
    peakBytes: process.resourceUsage().maxRSS * 1024,
  };
  console.log(JSON.stringify(report));
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
