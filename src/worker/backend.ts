/**
 * Choosing the execution provider. `auto` takes WebGPU only for a hardware adapter: a software
 * adapter (SwiftShader in headless Chromium) computes the right numbers orders of magnitude slower
 * than WASM, so it is reported and skipped. `webgpu` takes whatever adapter exists (tests use
 * SwiftShader).
 *
 * Even on a hardware adapter `auto` keeps two kinds of model on WASM, by measurement: a small
 * model, whose step on WebGPU is the provider's fixed dispatch cost and slower than on one WASM
 * thread, and 8-bit weights, whose products the WebGPU provider has no kernel for and runs on the
 * CPU between GPU ops, slower than float32 on WASM. The figures: bench/README.md, "Why `auto`
 * keeps small and 8-bit models on WASM".
 */
import type { ModelSpec } from '../engine/modelCatalog';
import { message, type Message } from '../i18n/message';
import type { AdapterReport, Backend, ExecutionPreference } from './protocol';

/** The parts of `navigator.gpu` we read; typed here so the DOM's WebGPU types are not needed. */
export interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}
export interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
}

export interface BackendChoice {
  backend: Backend;
  adapter: AdapterReport | null;
  /** Why this backend, as a dictionary message (the page renders it in the user's language). */
  note: Message;
}

export async function probeAdapter(gpu: GpuLike | undefined): Promise<AdapterReport | null> {
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const architecture = adapter.info?.architecture ?? '';
    return {
      vendor: adapter.info?.vendor ?? '',
      architecture,
      // Chromium moved the flag onto `info`; SwiftShader is software whatever the flag says.
      fallback:
        adapter.isFallbackAdapter === true ||
        adapter.info?.isFallbackAdapter === true ||
        architecture.toLowerCase() === 'swiftshader',
    };
  } catch {
    return null;
  }
}

/**
 * Below this download size `auto` stays on WASM. tiny-gpt2 is 13 MB, GPT-2 small 498 MB (fp32);
 * WebGPU won from GPT-2 small up (bench/README.md). The size is the catalog's (modelCatalog.ts),
 * which prices any model it does not know by name as GPT-2 small: such a model counts as large.
 * Measured on the JSEP build; the native provider the app runs dispatches for less, which can
 * only move the line down.
 */
export const WEBGPU_MIN_BYTES = 100e6;

export function chooseBackend(
  preference: ExecutionPreference,
  adapter: AdapterReport | null,
  model: Pick<ModelSpec, 'approxBytes' | 'precision'>,
): BackendChoice {
  if (preference === 'wasm')
    return { backend: 'wasm', adapter, note: message('backendWasmRequested') };
  if (!adapter) return { backend: 'wasm', adapter, note: message('backendNoAdapter') };
  if (preference === 'webgpu') {
    const note = message(adapter.fallback ? 'backendWebgpuSoftware' : 'backendWebgpuHardware');
    return { backend: 'webgpu', adapter, note };
  }
  if (adapter.fallback) {
    const architecture = adapter.architecture || 'fallback';
    return { backend: 'wasm', adapter, note: message('backendSoftwareSkipped', { architecture }) };
  }
  if (model.precision === 'q8')
    return { backend: 'wasm', adapter, note: message('backendQ8OnWasm') };
  if (model.approxBytes < WEBGPU_MIN_BYTES)
    return { backend: 'wasm', adapter, note: message('backendSmallModel') };
  return { backend: 'webgpu', adapter, note: message('backendHardware') };
}
