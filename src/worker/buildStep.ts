/**
 * The first step of loading a model built in the browser (src/engine/build/browserBuild.ts): its
 * missing files are made from the original weights, or found whole in the cache. Shared by the
 * loaded model and a speculative run's draft.
 */
import type { ModelSpec } from '../engine/modelCatalog';
import type { HostDeps } from './hostDeps';
import { HostError } from './hostErrors';

/**
 * Builds `model`'s missing files when it is a built model (nothing to do otherwise), telling the
 * weights' download and each file made; `signal` aborts it between files.
 */
export async function buildIfBuilt(
  deps: HostDeps,
  model: ModelSpec,
  onDownload: Parameters<NonNullable<HostDeps['buildModel']>>[1],
  onBuild: Parameters<NonNullable<HostDeps['buildModel']>>[2],
  signal: AbortSignal,
): Promise<void> {
  if (model.origin !== 'built') return;
  if (!deps.buildModel) {
    throw new HostError(
      `${model.id} is built in the browser, which this engine cannot do`,
      'bad_request',
    );
  }
  await deps.buildModel(model, onDownload, onBuild, signal);
}
