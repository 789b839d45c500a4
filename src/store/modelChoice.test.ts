import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translateMessage } from '../i18n';
import type { Message } from '../i18n/message';
import { initialState, useAppStore, type AppState } from './appStore';
import { generate } from './engineActions';
import { downloadModel } from './modelChoice';
import { chooseSource, currentSource, sourceFromUrl } from './modelSource';
import {
  flush,
  installFakeWorker,
  readyEvent,
  runRecord,
  type FakeWorker,
} from './testing/fixtures';
import { applyUrl } from './viewActions';
import { stubPage, unstubPage } from './testing/pageStubs';

const state = (): AppState => useAppStore.getState();
const Q8 = 'Xenova/gpt2@hub:q8';
const PAGE = 'http://192.168.1.10:4173';

/** A message rendered in both languages, with nothing left unfilled. */
function rendersFully(m: Message): string {
  const english = translateMessage('en', m);
  expect(english).not.toMatch(/\{\w+\}/);
  expect(translateMessage('zh-CN', m)).toMatch(/[\u4e00-\u9fff]/);
  expect(translateMessage('zh-CN', m)).not.toMatch(/\{\w+\}/);
  return english;
}

let worker: FakeWorker;

beforeEach(() => {
  useAppStore.setState({
    ...initialState(),
    availability: { ready: ['tiny-gpt2'], checked: true },
  });
  stubPage(`${PAGE}/index.html`);
  worker = installFakeWorker();
});

afterEach(unstubPage);

describe('the model source setting', () => {
  it('takes hub, mirror or a server the site allows; refuses others, saying why', () => {
    expect(chooseSource('mirror')).toBeNull();
    expect(state().settings.modelSource).toBe('mirror');
    expect(chooseSource(`${PAGE}/class`)).toBeNull();
    expect(state().settings.modelSource).toBe(`${PAGE}/class/`);
    expect(currentSource()).toEqual({ kind: 'server', url: `${PAGE}/class/` });

    const refused = chooseSource('http://10.1.1.1:4173/');
    expect(refused?.key).toBe('sourceNotAllowed');
    expect(rendersFully(refused!)).toContain(PAGE);
    expect(chooseSource('ftp://x')?.key).toBe('sourceNotHttp');
    expect(chooseSource('my teacher')?.key).toBe('sourceNotUrl');
    expect(state().settings.modelSource).toBe(`${PAGE}/class/`);
  });

  it('falls back on the Hub for a saved address this site no longer allows', () => {
    useAppStore.setState((s) => ({
      settings: { ...s.settings, modelSource: 'http://10.1.1.1:4173/' },
    }));
    expect(currentSource()).toEqual({ kind: 'hub' });
  });

  it('comes from the source URL parameter, or is named in a notice when unusable', () => {
    expect(sourceFromUrl('?source=mirror')).toEqual({ modelSource: 'mirror' });
    expect(sourceFromUrl('?model=gpt2')).toEqual({});
    applyUrl('?source=ftp%3A%2F%2Fx&steps=5');
    expect(state().settings).toMatchObject({ modelSource: 'hub', steps: 5 });
    expect(state().notices).toHaveLength(1);
    const notice = rendersFully(state().notices[0]);
    expect(notice).toContain('source="ftp://x"');
    expect(notice).toContain('http://');
    applyUrl(`?source=${encodeURIComponent(PAGE)}`);
    expect(state().settings.modelSource).toBe(`${PAGE}/`);
    expect(state().notices).toEqual([]);
  });
});

describe('downloading GPT-2', () => {
  it('asks the chosen source, and selects the model only once it is ready', async () => {
    chooseSource('mirror');
    const pending = downloadModel(Q8);
    expect(worker.sent[0]).toMatchObject({
      kind: 'load',
      model: {
        id: Q8,
        baseUrl: 'https://hf-mirror.com/Xenova/gpt2/resolve/main/',
        cacheBaseUrl: 'https://huggingface.co/Xenova/gpt2/resolve/main/',
      },
    });
    expect(state().settings.modelId).toBe('tiny-gpt2');
    worker.answer((id) => readyEvent(id, Q8));
    expect(await pending).toBe(true);
    expect(state().settings.modelId).toBe(Q8);
    expect(state().availability.ready).toContain(Q8);
  });

  it('that fails leaves the previous model selected and says what to do', async () => {
    chooseSource(`${PAGE}/`);
    const pending = downloadModel(Q8);
    const detail = 'could not reach http://192.168.1.10:4173/models/gpt2/config.json';
    worker.answer((id) => ({ kind: 'error', id, code: 'network', message: detail }));
    expect(await pending).toBe(false);
    expect(state().settings.modelId).toBe('tiny-gpt2');
    expect(state().availability.ready).not.toContain(Q8);
    expect(state().error).toMatchObject({ code: 'network', detail });
    const text = rendersFully(state().error!.message);
    expect(text).toContain(`the teacher’s server ${PAGE}/`);
    expect(text).toContain('tiny-gpt2 stays selected');
    expect(text).toMatch(/mirror.*teacher’s server.*USB stick/);

    // Generate then runs on the model that works.
    const run = generate();
    await flush();
    expect(worker.sent.at(-1)).toMatchObject({ kind: 'load', model: { id: 'tiny-gpt2' } });
    worker.answer((id) => readyEvent(id));
    await flush();
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 0 }));
    await run;
    expect(state().error).toBeNull();
  });
});

describe('a model that fails to load for Generate', () => {
  it('leaves no empty run behind; the run shown before is shown again', async () => {
    const earlier = runRecord({ id: 'run-earlier' });
    useAppStore.setState((s) => ({
      runs: [earlier],
      activeRunId: earlier.id,
      settings: { ...s.settings, modelId: 'Xenova/gpt2@hub' },
    }));
    const pending = generate();
    expect(state().runs).toHaveLength(2);
    worker.answer((id) => ({ kind: 'error', id, code: 'network', message: 'offline' }), 'load');
    await pending;
    expect(state().runs.map((r) => r.id)).toEqual(['run-earlier']);
    expect(state().activeRunId).toBe('run-earlier');
    expect(state().error?.code).toBe('network');
  });
});
