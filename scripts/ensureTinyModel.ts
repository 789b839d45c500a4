/**
 * Makes public/models/tiny-gpt2 when it is missing or was written by another writer version,
 * so `npm start` and `npm test` always find a current tiny model. Otherwise exits at once.
 */
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR, modelUpToDate, writeModel } from './makeModel';

const NAME = 'tiny-gpt2';

const dir = join(DEFAULT_MODELS_DIR, NAME);
if (!modelUpToDate(dir, NAME)) {
  const result = writeModel(NAME);
  const mb = (result.bytes / 1e6).toFixed(1);
  console.log(`${NAME}: generated ${mb} MB in ${(result.ms / 1000).toFixed(1)} s → ${result.dir}`);
}
