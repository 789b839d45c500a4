/**
 * The options every onnxruntime-web session of the app is created with, apart from the runtime
 * build (ortWeb.ts). A module of its own, free of bundler imports, so that the Node benchmark on
 * Dawn (`npm run bench:dawn`) creates its sessions exactly as the app does.
 */
import type { InferenceSession } from 'onnxruntime-web';
import { presentOutputNames } from '../engine/kvCache/presentCache';
import type { ModelShape } from '../engine/modelShape';
import type { Backend } from './protocol';

/**
 * On WebGPU the cache outputs of a Hub-interface model stay in GPU buffers and go back in as they
 * are (presentCache.ts): read back to JS and uploaded again, the cache crosses the bus twice a
 * step and a step at a long context takes several times as long (bench/README.md, "WebGPU on a
 * real GPU"). Names the model lacks (a slots file) are ignored by the runtime. WebGPU
 * sessions list WASM second, for the few operators the WebGPU provider lacks.
 */
export function sessionOptions(
  backend: Backend,
  shape: Pick<ModelShape, 'layers'>,
): InferenceSession.SessionOptions {
  const onGpu = backend === 'webgpu' ? presentOutputNames(shape.layers) : [];
  return {
    executionProviders: backend === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'],
    graphOptimizationLevel: 'all',
    ...(onGpu.length > 0
      ? { preferredOutputLocation: Object.fromEntries(onGpu.map((name) => [name, 'gpu-buffer'])) }
      : {}),
  };
}
