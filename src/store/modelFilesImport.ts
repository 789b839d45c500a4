/**
 * A model from the user's own files (the model folder copied from a USB stick, where the Hub
 * cannot be reached): the files are checked (a GPT-2 config, an ONNX file with a cache interface
 * the engine reads), filed in Cache Storage like a download (whole files, size and hash
 * recorded), and loaded. Only a model that loads is selected; a bad file leaves the previous
 * model selected, its copy is removed, and the error says what was wrong.
 */
import type { ModelSpec } from '../engine/modelCatalog';
import { HASH_CHECK_LIMIT, putWhole, resolveModelUrl, sha256Hex } from '../engine/modelFiles';
import { cacheInterfaceOf } from '../engine/modelInterface';
import { blobSource, readOnnxInputNames } from '../engine/onnxInputs';
import { checkPickedConfig, pickedSpec, sortPicked, type PickProblem } from '../engine/pickedModel';
import { errorMessage } from '../engine/errorMessage';
import type { MessageKey } from '../i18n/en';
import { message } from '../i18n/message';
import { useAppStore, type AppError } from './appStore';
import { openModelCache } from '../engine/modelFiles';
import { tryModel } from './modelChoice';

/** A picked or dropped file with its path inside a folder (empty for a single file). */
export interface PickedFile {
  name: string;
  path: string;
  file: Blob;
}

const PROBLEM_KEYS: Record<PickProblem, MessageKey> = {
  no_config: 'filesNoConfig',
  no_onnx: 'filesNoOnnx',
  several_onnx: 'filesSeveralOnnx',
};

const refuse = (code: AppError['code'], key: MessageKey, detail?: string): false => {
  useAppStore.setState({ error: { code, message: message(key), detail } });
  return false;
};

/** Files one blob whole; entries the cache hashes on read get their hash now. */
async function fileWhole(cache: Cache, url: string, blob: Blob): Promise<void> {
  if (blob.size > HASH_CHECK_LIMIT) return putWhole(cache, url, blob, blob.size, null);
  const bytes = await blob.arrayBuffer();
  return putWhole(cache, url, bytes, blob.size, await sha256Hex(new Uint8Array(bytes)));
}

async function forget(cache: Cache, spec: ModelSpec, files: string[]): Promise<void> {
  await Promise.all(files.map((f) => cache.delete(resolveModelUrl(spec, f)).catch(() => false)));
}

/**
 * Checks, stores and loads a model from picked files; resolves whether it is now the selected
 * model. Refusals and failures are put in the store's error.
 */
export async function loadPickedFiles(picked: readonly PickedFile[]): Promise<boolean> {
  const set = sortPicked(picked);
  if (typeof set === 'string') return refuse('bad_request', PROBLEM_KEYS[set]);
  let spec: ModelSpec;
  try {
    spec = pickedSpec(set.onnx, checkPickedConfig(await set.config.file.text()));
  } catch (error) {
    return refuse('bad_config', 'filesBadConfig', errorMessage(error));
  }
  try {
    cacheInterfaceOf(await readOnnxInputNames(blobSource(set.onnx.file)));
  } catch (error) {
    return refuse('model_damaged', 'filesBadModel', `${set.onnx.name}: ${errorMessage(error)}`);
  }
  const cache = await openModelCache();
  if (!cache) return refuse('bad_request', 'filesNoStorage');
  const entries: [string, Blob][] = [
    [spec.modelFiles[0], set.onnx.file],
    ...(set.generation ? [['generation_config.json', set.generation.file] as [string, Blob]] : []),
    // Last: a model is found by its config (fetchModelFiles), so it counts only once whole.
    ['config.json', set.config.file],
  ];
  try {
    for (const [name, blob] of entries) await fileWhole(cache, resolveModelUrl(spec, name), blob);
  } catch (error) {
    await forget(
      cache,
      spec,
      entries.map(([name]) => name),
    );
    return refuse('bad_request', 'filesNoStorage', errorMessage(error));
  }
  // The same name may now hold other files than the worker holds: load them afresh.
  if (useAppStore.getState().model.id === spec.id) {
    useAppStore.setState((s) => ({ model: { ...s.model, status: 'none', id: null } }));
  }
  const ok = await tryModel(spec.id, (previous) => message('filesLoadFailed', { previous }));
  if (!ok && useAppStore.getState().error) {
    await forget(
      cache,
      spec,
      entries.map(([name]) => name),
    );
    useAppStore.setState((s) => ({
      availability: {
        ...s.availability,
        ready: s.availability.ready.filter((id) => id !== spec.id),
      },
    }));
  }
  return ok;
}
