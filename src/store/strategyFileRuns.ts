/**
 * Test-only: strategy runs as the page holds them, made by the engine on tiny-gpt2 (and its
 * derived draft) in Node, so that file and saved-state tests read real rounds, not hand-made ones.
 */
import { fileURLToPath } from 'node:url';
import { loadNodeModel } from '../../scripts/nodeModel';
import { modelFromId } from '../engine/modelCatalog';
import { createRng } from '../engine/rng';
import { beamSearch } from '../engine/strategies/beamSearch';
import { jacobiDecode } from '../engine/strategies/jacobi';
import { speculativeDecode } from '../engine/strategies/speculative';
import { encodeText } from '../engine/tokenizer';
import type { StrategyRun } from './strategyStore';

const dir = (name: string) =>
  fileURLToPath(new URL(`../../public/models/${name}`, import.meta.url));

const PROMPT = encodeText('Once upon a time, in a land far away');
const TOKENS = 12;

const base = (): Omit<StrategyRun, 'settings' | 'outcome'> => ({
  requestId: -1,
  modelId: 'tiny-gpt2',
  promptIds: [...PROMPT],
  status: 'done',
  draftLoad: null,
  problem: null,
  beamSteps: [],
  rounds: [],
  specRounds: [],
});

export interface RealRuns {
  beam: StrategyRun;
  jacobi: StrategyRun;
  speculative: StrategyRun;
  /** Speculative sampling: its rounds carry each proposal's chance of being kept. */
  sampled: StrategyRun;
}

export async function realRuns(): Promise<RealRuns> {
  const tiny = await loadNodeModel(dir('tiny-gpt2'));
  const draftModel = await loadNodeModel(dir('tiny-gpt2-draft'));
  const draft = modelFromId('tiny-gpt2-draft');
  if (!draft) throw new Error('tiny-gpt2-draft is in the catalogue');
  try {
    const greedy = { tokens: [1, 2, 3], modelPasses: 3, ms: 4.25 };
    const beam = await beamSearch(tiny.decoder, PROMPT, { beams: 3, maxSteps: TOKENS });
    const jacobi = await jacobiDecode(tiny.decoder, PROMPT, { window: 4, maxTokens: TOKENS });
    const spec = await speculativeDecode(tiny.decoder, draftModel.decoder, PROMPT, {
      k: 3,
      maxTokens: TOKENS,
    });
    const sampled = await speculativeDecode(tiny.decoder, draftModel.decoder, PROMPT, {
      k: 4,
      maxTokens: TOKENS,
      sampling: { temperature: 1, rng: createRng(7) },
    });
    const specOutcome = (r: typeof spec) => ({
      strategy: 'speculative' as const,
      tokens: r.tokens,
      stopReason: r.stopReason,
      modelPasses: r.targetPasses,
      draftPasses: r.draftPasses,
      proposed: r.proposed,
      accepted: r.accepted,
      ms: 31.5,
      greedy,
    });
    return {
      beam: {
        ...base(),
        settings: { strategy: 'beam', beams: 3, maxSteps: TOKENS, lengthPenalty: 1 },
        beamSteps: beam.steps,
        outcome: {
          strategy: 'beam',
          final: beam.final,
          stopReason: beam.stopReason,
          modelPasses: beam.modelRuns,
          batched: beam.batched,
          ms: 12.5,
          greedy,
        },
      },
      jacobi: {
        ...base(),
        settings: { strategy: 'jacobi', window: 4, maxTokens: TOKENS, promptLookup: true },
        rounds: jacobi.rounds,
        outcome: {
          strategy: 'jacobi',
          tokens: jacobi.tokens,
          stopReason: jacobi.stopReason,
          modelPasses: jacobi.modelPasses,
          ms: 20.125,
          greedy: null,
        },
      },
      speculative: {
        ...base(),
        settings: { strategy: 'speculative', k: 3, maxTokens: TOKENS, draft },
        specRounds: spec.rounds,
        outcome: specOutcome(spec),
      },
      sampled: {
        ...base(),
        settings: {
          strategy: 'speculative',
          k: 4,
          maxTokens: TOKENS,
          draft,
          sampling: { temperature: 1, seed: 7 },
        },
        specRounds: sampled.rounds,
        outcome: specOutcome(sampled),
      },
    };
  } finally {
    await tiny.session.release();
    await draftModel.session.release();
  }
}
