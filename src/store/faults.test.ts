import { beforeEach, describe, expect, it } from 'vitest';
import { TINY_GPT2 } from '../engine/modelShape';
import { translateMessage } from '../i18n';
import { initialState, useAppStore } from './appStore';
import { generate } from './engineActions';
import { receiveEvent } from './receiveEvent';

const state = () => useAppStore.getState();

beforeEach(() => useAppStore.setState(initialState()));

describe('faults reaching the store', () => {
  it('a worker error keeps its code as a message and the runtime words as the detail', () => {
    useAppStore.setState((s) => ({ live: { ...s.live, requestId: 1 } }));
    receiveEvent({
      kind: 'error',
      id: 1,
      code: 'model_damaged',
      message: 'Protobuf parsing failed',
    });
    expect(state().error).toEqual({
      code: 'model_damaged',
      message: { key: 'error_model_damaged' },
      detail: 'Protobuf parsing failed',
    });
    expect(translateMessage('zh-CN', state().error!.message)).toMatch(/模型文件已损坏/);
  });

  it('10 000 letters of prompt are refused with their token count, in either language', async () => {
    useAppStore.setState((s) => ({ settings: { ...s.settings, prompt: 'a'.repeat(10_000) } }));
    await generate();
    expect(state().error?.message).toEqual({
      key: 'promptTooLong',
      params: { n: 2500, limit: 256 },
    });
    expect(translateMessage('zh-CN', state().error!.message)).toBe(
      '提示词有 2500 个词元；这个模型最多只能读 256 个。',
    );
    expect(state().runs).toEqual([]);
  });

  it('a WebGPU failure while loading is said in a notice too, not only in the tooltip', () => {
    const note = { key: 'backendWebgpuFailed', params: { reason: 'no adapter' } } as const;
    const ready = {
      kind: 'ready',
      id: 1,
      modelId: 'tiny-gpt2',
      shape: TINY_GPT2,
      backend: 'wasm',
      threads: 2,
      adapter: null,
      backendNote: note,
      fromCache: false,
      loadMs: 1,
    } as const;
    receiveEvent(ready);
    expect(state().model.backendNote).toEqual(note);
    expect(state().notices).toEqual([note]);
    receiveEvent({ ...ready, id: 2 });
    expect(state().notices).toEqual([note]);
    expect(translateMessage('zh-CN', state().notices[0])).toBe(
      'WebGPU 出错（no adapter）：使用 WASM',
    );
  });

  it('a mid-run fallback switches the backend and adds a notice in either language', () => {
    useAppStore.setState((s) => ({
      model: { ...s.model, status: 'ready', backend: 'webgpu', threads: 0 },
    }));
    receiveEvent({
      kind: 'fallback',
      id: 4,
      backend: 'wasm',
      threads: 2,
      backendNote: { key: 'backendWebgpuFailed', params: { reason: 'device lost' } },
      reason: 'device lost',
      step: 3,
    });
    expect(state().model).toMatchObject({ status: 'ready', backend: 'wasm', threads: 2 });
    expect(state().error).toBeNull();
    const [notice] = state().notices;
    expect(translateMessage('en', notice)).toBe(
      'WebGPU failed during the run (device lost): switched to WASM and went on from step 3.',
    );
    expect(translateMessage('zh-CN', notice)).toMatch(/已切换到 WASM，并从第 3 步继续/);
  });
});
