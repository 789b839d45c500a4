/**
 * onnxruntime-web's browser builds in Node, for the benches on Dawn (bench/dawn.ts,
 * bench/dawnGraph.ts). Node resolves the package to its WASM-only Node build, so a browser build
 * is imported by its path in the package's dist folder.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as OrtModule from 'onnxruntime-web';
import { BUILD_FILES, type DawnBuild } from './dawnArgs';

export type Ort = typeof OrtModule;

const builds = new Map<DawnBuild, Promise<Ort>>();

/** One build, imported once, its WASM part on `threads` threads. */
export function webBuild(build: DawnBuild, threads: number): Promise<Ort> {
  let loading = builds.get(build);
  if (!loading) {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('onnxruntime-web'));
    loading = (import(pathToFileURL(join(dist, BUILD_FILES[build])).href) as Promise<Ort>).then(
      (ort) => {
        ort.env.logLevel = 'error';
        ort.env.wasm.numThreads = threads;
        return ort;
      },
    );
    builds.set(build, loading);
  }
  return loading;
}
