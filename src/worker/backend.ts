/**
 * Choosing the execution provider. `auto` takes WebGPU only for a hardware adapter: a software
 * adapter (SwiftShader in headless Chromium) computes the right numbers ~300× slower than WASM,
 * so it is reported and skipped. `webgpu` takes whatever adapter exists (tests use SwiftShader).
 */
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

export function chooseBackend(
  preference: ExecutionPreference,
  adapter: AdapterReport | null,
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
  return { backend: 'webgpu', adapter, note: message('backendHardware') };
}
