/**
 * Makes public/models/tiny-gpt2 and its speculative-decoding draft, tiny-gpt2-draft, when either
 * is missing or was written by another writer version, so `npm start` and `npm test` always find
 * a current tiny pair. Otherwise exits at once.
 */
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR, modelUpToDate, writeModel, type WritableName } from './makeModel';

const NAMES: readonly WritableName[] = ['tiny-gpt2', 'tiny-gpt2-draft'];

for (const name of NAMES) {
  const dir = join(DEFAULT_MODELS_DIR, name);
  if (modelUpToDate(dir, name)) continue;
  const result = writeModel(name);
  const mb = (result.bytes / 1e6).toFixed(1);
  console.log(`${name}: generated ${mb} MB in ${(result.ms / 1000).toFixed(1)} s → ${result.dir}`);
}
