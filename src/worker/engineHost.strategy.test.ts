/** Strategy runs in the engine host: beam search and Jacobi decoding, events, Stop, afterwards. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel } from '../../scripts/nodeModel';
import { HF_MODEL_FILE } from '../engine/modelCatalog';
import { beamSearch } from '../engine/strategies/beamSearch';
import type { StrategySettings } from './protocol';
import {
  gen,
  greedyReference,
  loaded,
  PROMPT,
  releaseSessions,
  strategy,
  TINY_DIR,
} from './testing/hostFixtures';

afterAll(releaseSessions);

let reference: number[];
beforeAll(async () => {
  reference = await greedyReference();
});

const beam = (beams: number, maxSteps = 6): StrategySettings => ({
  strategy: 'beam',
  beams,
  maxSteps,
  lengthPenalty: 1,
});

describe('EngineHost strategy runs', () => {
  it('one beam posts a step per token and ends with greedy decoding’s tokens and timing', async () => {
    const { host, events, of } = await loaded();
    await host.handle(strategy(2, beam(1)));
    expect(of('beam-step', 2).map((e) => e.step.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const last = events.at(-1);
    expect(last?.kind).toBe('strategy-done');
    const { outcome } = of('strategy-done', 2)[0];
    if (outcome.strategy !== 'beam') throw new Error('expected a beam outcome');
    expect(outcome.final[0].tokens).toEqual(reference);
    expect(outcome.greedy?.tokens).toEqual(reference);
    expect(outcome.greedy?.modelPasses).toBe(reference.length);
    expect(outcome.modelPasses).toBe(reference.length);
  });

  it('three beams give the engine’s own beam search, step records included', async () => {
    const { host, of } = await loaded();
    await host.handle(strategy(2, beam(3)));
    const tiny = await loadNodeModel(TINY_DIR, HF_MODEL_FILE);
    const direct = await beamSearch(tiny.decoder, PROMPT, {
      beams: 3,
      maxSteps: 6,
      lengthPenalty: 1,
    });
    await tiny.session.release();
    const { outcome } = of('strategy-done', 2)[0];
    if (outcome.strategy !== 'beam') throw new Error('expected a beam outcome');
    expect(outcome.final.map((b) => b.tokens)).toEqual(direct.final.map((b) => b.tokens));
    expect(outcome.final.map((b) => b.score)).toEqual(direct.final.map((b) => b.score));
    const posted = of('beam-step', 2).map((e) => e.step);
    expect(posted.map((s) => s.kept)).toEqual(direct.steps.map((s) => s.kept));
    expect(posted.map((s) => s.expansions)).toEqual(direct.steps.map((s) => s.expansions));
  });

  it('Stop ends a beam search between steps; Generate then runs as before', async () => {
    const { host, hooks, of, tokens } = await loaded();
    hooks.onEvent = (event) => {
      if (event.kind === 'beam-step' && event.step.step === 2)
        void host.handle({ kind: 'cancel', id: 3 });
    };
    await host.handle(strategy(2, beam(3, 20)));
    hooks.onEvent = null;
    expect(of('beam-step', 2).map((e) => e.step.step)).toEqual([1, 2]);
    const { outcome } = of('strategy-done', 2)[0];
    expect(outcome).toMatchObject({ strategy: 'beam', stopReason: 'stopped', greedy: null });
    // The generation the worker held is gone: Step has nothing to continue.
    await host.handle({ kind: 'step', id: 4, run: 1 });
    expect(of('error', 4)[0]).toMatchObject({ code: 'bad_request' });
    await host.handle(gen(5, 6, 'all'));
    expect(tokens(5)).toEqual(reference);
  });

  it('Jacobi decoding posts its rounds and gives greedy decoding’s tokens in no more passes', async () => {
    const { host, of } = await loaded();
    await host.handle(strategy(2, { strategy: 'jacobi', window: 4, maxTokens: 6 }));
    const { outcome } = of('strategy-done', 2)[0];
    if (!('tokens' in outcome)) throw new Error(`Jacobi was refused: ${JSON.stringify(outcome)}`);
    expect(outcome.tokens).toEqual(reference);
    expect(outcome.greedy?.tokens).toEqual(reference);
    expect(outcome.modelPasses).toBeLessThanOrEqual(outcome.tokens.length);
    const rounds = of('jacobi-round', 2).map((e) => e.round);
    expect(rounds.map((r) => r.round)).toEqual(rounds.map((_, i) => i + 1));
    expect([reference[0], ...rounds.flatMap((r) => r.accepted)]).toEqual(reference);
  });

  it('Jacobi decoding with prompt lookup gives the same tokens', async () => {
    const { host, of } = await loaded();
    const settings: StrategySettings = {
      strategy: 'jacobi',
      window: 3,
      maxTokens: 6,
      promptLookup: true,
    };
    await host.handle(strategy(2, settings));
    const { outcome } = of('strategy-done', 2)[0];
    if (!('tokens' in outcome)) throw new Error(`Jacobi was refused: ${JSON.stringify(outcome)}`);
    expect(outcome.tokens).toEqual(reference);
    expect(outcome.modelPasses).toBeLessThanOrEqual(outcome.tokens.length);
  });

  it('refuses settings out of range', async () => {
    const { host, of } = await loaded();
    await host.handle(strategy(2, beam(9)));
    expect(of('error', 2)[0]).toMatchObject({ code: 'bad_request' });
    await host.handle(strategy(3, { strategy: 'jacobi', window: 0, maxTokens: 6 }));
    expect(of('error', 3)[0]).toMatchObject({ code: 'bad_request' });
    expect(of('strategy-done')).toEqual([]);
  });
});
