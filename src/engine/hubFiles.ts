/**
 * Which of a Hub repo's files the app can load, read from the repo's file list: for each precision
 * the first of the catalogue's candidate names (modelCatalog.ts: `onnx/model.onnx`, then the older
 * `onnx/decoder_model_merged.onnx`, and their `_fp16` / `_quantized` variants) that the repo has.
 */
import { hubModel, type Precision } from './modelCatalog';

export interface HubFile {
  precision: Precision;
  /** Path in the repo, e.g. `onnx/model_quantized.onnx`. */
  path: string;
  bytes: number;
}

const PRECISIONS: Precision[] = ['fp32', 'fp16', 'q8'];

/**
 * Files over 2 GiB are saved with their weights beside them (`model.onnx_data`); onnxruntime-web
 * would need each part handed over separately, which the loader does not do.
 */
const hasExternalData = (paths: Set<string>, path: string): boolean =>
  paths.has(`${path}_data`) || paths.has(`${path}.data`);

/** The loadable files, one per precision; `external` when some were left out for external data. */
export function hubFilesOf(siblings: readonly { path: string; bytes: number }[]): {
  files: HubFile[];
  external: boolean;
} {
  const sizes = new Map(siblings.map((s) => [s.path, s.bytes]));
  const paths = new Set(sizes.keys());
  let external = false;
  const files = PRECISIONS.flatMap((precision) => {
    const found = hubModel('a/b', precision).modelFiles.find((name) => paths.has(name));
    if (found === undefined) return [];
    if (hasExternalData(paths, found)) {
      external = true;
      return [];
    }
    return [{ precision, path: found, bytes: sizes.get(found) ?? 0 }];
  });
  return { files, external };
}

/**
 * The file to offer: float32 for small models (exact, and the one the app's views were measured
 * on), 8-bit above 300 M parameters (a quarter of the download, and float32 WASM would crawl);
 * float16 last (no speed-up on WASM). Null when none fits under `byteLimit`.
 */
export function pickHubFile(
  files: readonly HubFile[],
  parameters: number,
  byteLimit: number,
): HubFile | null {
  const order: Precision[] = parameters > 300e6 ? ['q8', 'fp32', 'fp16'] : ['fp32', 'q8', 'fp16'];
  for (const precision of order) {
    const file = files.find((f) => f.precision === precision);
    if (file && file.bytes <= byteLimit) return file;
  }
  return null;
}
