/**
 * Makes public/models/tiny-gpt2 when it is missing or was written by another writer version,
 * so `npm start` and `npm test` always find a current tiny model. Otherwise exits at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR, LAYOUT_FILES, STAMP_FILE, modelStamp, writeModel } from './makeModel';

const NAME = 'tiny-gpt2';

function upToDate(dir: string): boolean {
  const files = ['config.json', ...LAYOUT_FILES.map(([, , file]) => file)];
  if (!files.every((file) => existsSync(join(dir, file)))) {
    return false;
  }
  try {
    return readFileSync(join(dir, STAMP_FILE), 'utf8') === modelStamp(NAME);
  } catch {
    return false; // no stamp: written by hand or interrupted
  }
}

const dir = join(DEFAULT_MODELS_DIR, NAME);
if (!upToDate(dir)) {
  const result = writeModel(NAME);
  const mb = (result.bytes / 1e6).toFixed(1);
  console.log(`${NAME}: generated ${mb} MB in ${(result.ms / 1000).toFixed(1)} s → ${result.dir}`);
}
