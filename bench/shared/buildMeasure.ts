/**
 * The browser's build of the app's files, timed on any runtime: model.safetensors parsed into
 * GPT-2's weights (gpt2WeightsFromSafetensors), then each file of BUILT_FILES made from them
 * (appFileBytes), one at a time, each dropped before the next as a caller that stores them would.
 * The bench worker and a Node child process (bench/lib/buildChild.ts) run the same code.
 */
import { appFileBytes, BUILT_FILES, type AppFile } from '../../src/engine/build/appFiles';
import { gpt2WeightsFromSafetensors } from '../../src/engine/build/hubWeights';
import type { ModelShape } from '../../src/engine/modelShape';
import type { BuildFigures } from './protocol';

const round = (x: number): number => Number(x.toFixed(1));

/**
 * Loads the safetensors bytes with `load`, parses them and builds every file. Only the parsed
 * weights outlive the parse: the file's bytes are left to the garbage collector, as the parse
 * copies every tensor.
 */
export async function measureBuild(
  load: () => Promise<Uint8Array>,
  shape: ModelShape,
  log: (line: string) => void,
  files: readonly AppFile[] = BUILT_FILES,
): Promise<BuildFigures> {
  const { weights, inputBytes, loadMs, parseMs } = await (async () => {
    const t0 = performance.now();
    const bytes = await load();
    const t1 = performance.now();
    const parsed = gpt2WeightsFromSafetensors(bytes, shape);
    const t2 = performance.now();
    return { weights: parsed, inputBytes: bytes.byteLength, loadMs: t1 - t0, parseMs: t2 - t1 };
  })();
  log(
    `build: ${(inputBytes / 1e6).toFixed(0)} MB loaded in ${round(loadMs)} ms, parsed in ${round(parseMs)} ms`,
  );
  const figures: BuildFigures['files'] = [];
  for (const file of files) {
    const t0 = performance.now();
    const bytes = appFileBytes(file, shape, weights).byteLength;
    const ms = performance.now() - t0;
    figures.push({ file, ms: round(ms), bytes });
    log(`build: ${file} ${(bytes / 1e6).toFixed(0)} MB in ${round(ms)} ms`);
  }
  return {
    inputBytes,
    loadMs: round(loadMs),
    parseMs: round(parseMs),
    files: figures,
    totalMs: round(parseMs + figures.reduce((sum, f) => sum + f.ms, 0)),
  };
}
