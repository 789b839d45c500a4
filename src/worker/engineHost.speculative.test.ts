/**
 * Speculative decoding through the worker's protocol: the draft model loads beside the loaded
 * one with its progress, the rounds are posted as they come and add up to greedy decoding's
 * tokens, Stop ends the run between rounds, a draft that cannot load is named, and one of another
 * vocabulary or tokenizer is refused (`draft_misfit`) before its session is made.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localModel } from '../engine/modelCatalog';
import { fetchModelFiles } from '../engine/modelFiles';
import { loadVocabulary } from '../engine/vocabulary/loadVocabulary';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';
import type { StrategySettings } from './protocol';
import { greedyReference, loaded, releaseSessions, strategy } from './testing/hostFixtures';

const MODELS = fileURLToPath(new URL('../../public/models/', import.meta.url));

/** The app's server for the tiny model and its draft, straight from their folders. */
const serveFolders: typeof fetch = (async (input: string | URL | Request) => {
  const match = /^http:\/\/app\.test\/models\/(tiny-gpt2(?:-draft)?)\/(.+)$/.exec(String(input));
  const path = match ? join(MODELS, match[1], match[2]) : null;
  if (!path || !existsSync(path)) return new Response('not found', { status: 404 });
  return new Response(readFileSync(path));
}) as typeof fetch;

const withDraft = () =>
  loaded({
    fetchModel: (spec, baseHref, onProgress, signal) =>
      fetchModelFiles(spec, { fetchImpl: serveFolders, baseHref, onProgress, signal }),
  });

const speculative = (k: number, draft = localModel('tiny-gpt2-draft')): StrategySettings => ({
  strategy: 'speculative',
  k,
  maxTokens: 6,
  draft,
});

afterAll(releaseSessions);

let reference: number[];
beforeAll(async () => {
  reference = await greedyReference();
});

describe('EngineHost speculative decoding', () => {
  it('loads the draft with progress, posts rounds that add up to greedy decoding’s tokens, and keeps the draft for the next run', async () => {
    const { host, of } = await withDraft();
    await host.handle(strategy(2, speculative(3)));
    expect(of('error')).toEqual([]);
    const phases = of('draft-progress', 2).map((e) => e.phase);
    expect(phases).toContain('download');
    expect(phases.slice(-2)).toEqual(['session', 'warmup']);
    expect(of('draft-progress', 2).every((e) => e.modelId === 'tiny-gpt2-draft')).toBe(true);
    const { outcome } = of('strategy-done', 2)[0];
    if (outcome.strategy !== 'speculative') throw new Error('expected a speculative outcome');
    expect(outcome.tokens).toEqual(reference);
    expect(outcome.greedy?.tokens).toEqual(reference);
    const rounds = of('spec-round', 2).map((e) => e.round);
    expect([reference[0], ...rounds.flatMap((r) => r.added)]).toEqual(reference);
    expect(outcome.modelPasses).toBe(rounds.length + 1);
    expect(outcome.accepted).toBe(rounds.reduce((sum, r) => sum + r.accepted, 0));
    // The same draft again: nothing to load.
    await host.handle(strategy(3, speculative(2)));
    expect(of('draft-progress', 3)).toEqual([]);
    const again = of('strategy-done', 3)[0].outcome;
    expect('tokens' in again && again.tokens).toEqual(reference);
  });

  it('Stop ends it between rounds, with whole rounds and no greedy timing', async () => {
    const { host, hooks, of } = await withDraft();
    hooks.onEvent = (event) => {
      if (event.kind === 'spec-round' && event.round.round === 1) {
        void host.handle({ kind: 'cancel', id: 3 });
      }
    };
    await host.handle(strategy(2, speculative(1)));
    hooks.onEvent = null;
    expect(of('spec-round', 2)).toHaveLength(1);
    const { outcome } = of('strategy-done', 2)[0];
    expect(outcome).toMatchObject({ strategy: 'speculative', stopReason: 'stopped', greedy: null });
    if (outcome.strategy !== 'speculative' || !('tokens' in outcome)) throw new Error('outcome');
    expect(outcome.tokens).toEqual(reference.slice(0, outcome.tokens.length));
  });

  it('names a draft that cannot load, and refuses k out of range', async () => {
    const { host, of } = await withDraft();
    await host.handle(strategy(2, speculative(2, localModel('tiny-gpt2-missing'))));
    const [error] = of('error', 2);
    expect(error).toMatchObject({ code: 'model_not_found' });
    expect(error.message).toMatch(/draft model tiny-gpt2-missing could not be loaded/);
    await host.handle(strategy(3, speculative(9)));
    expect(of('error', 3)[0]).toMatchObject({ code: 'bad_request' });
    expect(of('error', 3)[0].message).toMatch(/k is 9/);
    expect(of('strategy-done')).toEqual([]);
  });

  it('refuses a draft of another vocabulary once its config is read, before a session', async () => {
    // The draft's config says 1000 tokens; the loaded model has GPT-2's 50257.
    const { host, of } = await loaded({
      fetchModel: async (spec, baseHref, onProgress, signal) => {
        const files = await fetchModelFiles(spec, {
          fetchImpl: serveFolders,
          baseHref,
          onProgress,
          signal,
        });
        const vocab = spec.id === 'tiny-gpt2-draft' ? 1000 : files.shape.vocab;
        return { ...files, shape: { ...files.shape, vocab } };
      },
    });
    await host.handle(strategy(2, speculative(2)));
    const [error] = of('error', 2);
    expect(error).toMatchObject({ code: 'draft_misfit' });
    expect(error.message).toMatch(/tiny-gpt2-draft .*vocabulary \(1000 tokens\).*\(50257\)/);
    const phases = of('draft-progress', 2).map((e) => e.phase);
    expect(phases).not.toContain('session');
    expect(phases).not.toContain('warmup');
    expect(of('strategy-done')).toEqual([]);
  });
  it('refuses a draft of the same size whose tokenizer is not the model’s, before a session', async () => {
    // The draft brings a tokenizer of its own (Qwen's) where the loaded model reads GPT-2's.
    const files = qwenTokenizerFiles();
    const vocabulary = loadVocabulary(files);
    const { host, of } = await loaded({
      fetchModel: async (spec, baseHref, onProgress, signal) => {
        const read = await fetchModelFiles(spec, {
          fetchImpl: serveFolders,
          baseHref,
          onProgress,
          signal,
        });
        return spec.id === 'tiny-gpt2-draft' ? { ...read, tokenizer: { files, vocabulary } } : read;
      },
    });
    await host.handle(strategy(2, speculative(2)));
    const [error] = of('error', 2);
    expect(error).toMatchObject({ code: 'draft_misfit' });
    expect(error.message).toMatch(/tiny-gpt2-draft .*tokenizer gives other tokens/);
    const phases = of('draft-progress', 2).map((e) => e.phase);
    expect(phases).not.toContain('session');
    expect(of('strategy-done')).toEqual([]);
  });
});
