/**
 * Beam search on tiny-gpt2, both cache interfaces: one beam is greedy decoding, and more beams
 * give what a plain beam search over the float64 reference's full recompute gives.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { readInitializers } from '../build/onnxSchema';
import { KvCacheDecoder } from '../decoder';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../modelCatalog';
import type { ModelShape } from '../modelShape';
import { referenceLogits, type NamedTensor } from '../reference/gpt2Reference';
import { generateAll, greedy, PROMPT, TINY_DIR } from '../testing/tinyGeneration';
import { encodeText } from '../tokenizer';
import { beamSearch, type BeamSearchResult } from './beamSearch';

interface Sequence {
  tokens: number[];
  logProb: number;
  score?: number;
}

/** Indices of the `n` largest values, largest first, a lower index first among equals. */
function bestIndices(values: Float64Array, n: number): number[] {
  const best: number[] = [];
  values.forEach((value, index) => {
    if (best.length === n && value <= values[best[n - 1]]) return;
    let at = best.length;
    while (at > 0 && values[best[at - 1]] < value) at--;
    best.splice(at, 0, index);
    best.length = Math.min(best.length, n);
  });
  return best;
}

/**
 * Beam search as a textbook states it, on full-recompute float64 log-probabilities: every beam
 * times every token of the vocabulary, ranked by total; an end-of-text among the best `beams`
 * ends its sequence; stop when `beams` sequences ended.
 */
function referenceBeamSearch(
  logProbsAfter: (tokens: number[]) => Float64Array,
  eos: number,
  beams: number,
  steps: number,
  penalty: number,
): { kept: number[][][]; final: Sequence[] } {
  const score = (s: Sequence): number => s.logProb / s.tokens.length ** penalty;
  let alive: Sequence[] = [{ tokens: [], logProb: 0 }];
  let ended: Sequence[] = [];
  const kept: number[][][] = [];
  for (let step = 0; step < steps && ended.length < beams; step++) {
    const rows = alive.map((seq) => logProbsAfter(seq.tokens));
    const vocab = rows[0].length;
    const totals = new Float64Array(alive.length * vocab);
    rows.forEach((row, b) =>
      row.forEach((lp, t) => (totals[b * vocab + t] = alive[b].logProb + lp)),
    );
    const order = bestIndices(totals, 2 * beams);
    const next: Sequence[] = [];
    for (let rank = 0; next.length < beams; rank++) {
      const at = order[rank];
      const option = {
        tokens: [...alive[Math.floor(at / vocab)].tokens, at % vocab],
        logProb: totals[at],
      };
      if (at % vocab !== eos) next.push(option);
      else if (rank < beams) ended.push({ ...option, score: score(option) });
    }
    ended = ended.sort((a, b) => score(b) - score(a)).slice(0, beams);
    alive = next;
    kept.push(next.map((s) => s.tokens));
  }
  const pool = ended.length >= beams ? ended : [...ended, ...alive];
  const final = pool
    .map((s) => ({ ...s, score: score(s) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, beams);
  return { kept, final };
}

/** Log-softmax of the float64 reference's last row, by sequence, computed once for the file. */
const referenceRows = new Map<string, Float64Array>();

function referenceLogProbs(shape: ModelShape, weights: Map<string, NamedTensor>, prompt: number[]) {
  return (tokens: number[]): Float64Array => {
    const ids = [...prompt, ...tokens];
    const key = ids.join(',');
    let row = referenceRows.get(key);
    if (!row) {
      const logits = referenceLogits(shape, weights, ids).at(-1)!;
      const max = Math.max(...logits);
      const logZ = max + Math.log(logits.reduce((sum, x) => sum + Math.exp(x - max), 0));
      row = logits.map((x) => x - logZ);
      referenceRows.set(key, row);
    }
    return row;
  };
}

/** The tokens of every beam a search kept at each step, read back through the parent links. */
function keptSequences(result: BeamSearchResult): number[][][] {
  const tokensOf = new Map<number, number[]>([[0, []]]);
  return result.steps.map((step) =>
    step.kept.map((node) => {
      const parent = tokensOf.get(node.parentId!);
      expect(parent).toBeDefined();
      const tokens = [...parent!, node.tokenId];
      tokensOf.set(node.id, tokens);
      return tokens;
    }),
  );
}

describe.each([
  { layout: 'hf', file: HF_MODEL_FILE },
  { layout: 'slots', file: SLOTS_MODEL_FILE },
])('beam search on tiny-gpt2, $layout interface', ({ file }) => {
  let tiny: NodeModel;
  let weights: Map<string, NamedTensor>;

  beforeAll(async () => {
    tiny = await loadNodeModel(TINY_DIR, file);
    weights = readInitializers(readFileSync(`${TINY_DIR}/${HF_MODEL_FILE}`));
  });

  afterAll(async () => {
    await tiny?.session.release();
  });

  it('with one beam gives exactly the greedy tokens of a Generation (30 steps)', async () => {
    const { steps } = await generateAll(tiny, PROMPT, { maxSteps: 30, sampling: greedy });
    const result = await beamSearch(tiny.decoder, PROMPT, { beams: 1, maxSteps: 30 });
    expect(result.final).toHaveLength(1);
    expect(result.final[0].tokens).toEqual(steps.map((s) => s.tokenId));
    expect(result.stopReason).toBe('max_steps');
    // The prefill, then one run per step but the last, whose token nothing reads.
    expect(result.modelRuns).toBe(30);
    expect(result.steps.every((s) => s.kept.length === 1 && s.pruned.length === 0)).toBe(true);
  });

  it.each([2, 3, 4])(
    'with %i beams equals a beam search over the float64 reference (12 steps)',
    async (beams) => {
      const prompt = encodeText('The old lighthouse keeper said');
      const logProbsAfter = referenceLogProbs(tiny.shape, weights, prompt);
      const expected = referenceBeamSearch(logProbsAfter, tiny.shape.eosTokenId, beams, 12, 1);
      const result = await beamSearch(tiny.decoder, prompt, { beams, maxSteps: 12 });
      expect(keptSequences(result)).toEqual(expected.kept);
      expect(result.final.map((b) => b.tokens)).toEqual(expected.final.map((s) => s.tokens));
      result.final.forEach((beam, i) => {
        expect(beam.logProb).toBeCloseTo(expected.final[i].logProb, 3);
        expect(beam.score).toBeCloseTo(expected.final[i].score!, 3);
      });
      // Both files run the beams batched, one run per step (the Hub file's batch axis is free).
      expect(result.batched).toBe(true);
      expect(result.modelRuns).toBe(1 + 11);
    },
  );

  it.each([
    { beams: 3, penalty: 1 },
    { beams: 3, penalty: 0 },
    { beams: 2, penalty: 2 },
  ])(
    'ends sequences at end-of-text and ranks them with length penalty $penalty ($beams beams)',
    async ({ beams, penalty }) => {
      // tiny-gpt2 hardly ever ranks GPT-2's <|endoftext|> high: the token greedy decoding picks
      // fourth stands in for it, so that sequences end within the steps.
      const prompt = encodeText('Once upon a time');
      const { steps } = await generateAll(tiny, prompt, { maxSteps: 4, sampling: greedy });
      const eosTokenId = steps[3].tokenId;
      const decoder = new KvCacheDecoder(tiny.session, { ...tiny.shape, eosTokenId }, ort.Tensor);
      const logProbsAfter = referenceLogProbs(tiny.shape, weights, prompt);
      const expected = referenceBeamSearch(logProbsAfter, eosTokenId, beams, 10, penalty);
      const result = await beamSearch(decoder, prompt, {
        beams,
        maxSteps: 10,
        lengthPenalty: penalty,
      });
      expect(result.steps.flatMap((s) => s.ended).length).toBeGreaterThan(0);
      expect(keptSequences(result)).toEqual(expected.kept);
      expect(result.final.map((b) => b.tokens)).toEqual(expected.final.map((s) => s.tokens));
      result.final.forEach((beam, i) => {
        expect(beam.score).toBeCloseTo(expected.final[i].score!, 3);
        expect(beam.ended).toBe(beam.tokens.at(-1) === eosTokenId);
      });
      console.log(
        `penalty ${penalty}, ${beams} beams: stopped by ${result.stopReason} after ` +
          `${result.steps.length} steps, final ${result.final.map((b) => b.tokens.length)}`,
      );
    },
  );

  it('records a tree: candidates ranked and marked, every kept beam a child of a running one', async () => {
    const beams = 4;
    const result = await beamSearch(tiny.decoder, PROMPT, { beams, maxSteps: 8 });
    let running = new Set([0]);
    for (const step of result.steps) {
      expect(step.expansions.map((e) => e.beamId)).toEqual([...running]);
      const candidates = step.expansions.flatMap((e) => e.candidates);
      for (const { candidates: own } of step.expansions) {
        expect(own).toHaveLength(2 * beams);
        const totals = own.map((c) => c.cumulative);
        expect(totals).toEqual([...totals].sort((a, b) => b - a));
      }
      const keptIds = candidates.filter((c) => c.fate === 'kept').map((c) => c.childId);
      expect(keptIds.sort()).toEqual(step.kept.map((n) => n.id).sort());
      // No pruned candidate beats a kept one.
      const worstKept = Math.min(...step.kept.map((n) => n.logProb));
      const pruned = candidates.filter((c) => c.fate === 'pruned').map((c) => c.cumulative);
      expect(Math.max(...pruned)).toBeLessThanOrEqual(worstKept);
      for (const node of step.kept) expect(running.has(node.parentId!)).toBe(true);
      const parents = new Set(step.kept.map((n) => n.parentId));
      expect(step.pruned).toEqual([...running].filter((id) => !parents.has(id)));
      running = new Set(step.kept.map((n) => n.id));
    }
    expect(result.final.map((b) => b.id).every((id) => running.has(id))).toBe(true);
  });

  it('stops where the context ends, with as many tokens as greedy decoding makes', async () => {
    const prompt = Array.from({ length: tiny.shape.context - 3 }, (_, i) => (i * 389) % 50000);
    const { steps } = await generateAll(tiny, prompt, { maxSteps: 10, sampling: greedy });
    const result = await beamSearch(tiny.decoder, prompt, { beams: 3, maxSteps: 10 });
    expect(result.stopReason).toBe('context_limit');
    expect(steps).toHaveLength(4);
    expect(result.steps).toHaveLength(4);
    expect(result.final.every((b) => b.tokens.length === 4)).toBe(true);
    // Batched, the decoder keeps the prompt; per beam, it holds the beam that read last.
    expect(tiny.decoder.length).toBe(result.batched ? prompt.length : tiny.shape.context);
  });

  it('refuses a number of beams outside 1 to 8 and an empty prompt', async () => {
    await expect(beamSearch(tiny.decoder, PROMPT, { beams: 0, maxSteps: 3 })).rejects.toThrow(
      /from 1 to 8/,
    );
    await expect(beamSearch(tiny.decoder, PROMPT, { beams: 9, maxSteps: 3 })).rejects.toThrow(
      /from 1 to 8/,
    );
    await expect(beamSearch(tiny.decoder, [], { beams: 2, maxSteps: 3 })).rejects.toThrow(
      /no tokens/,
    );
  });
});
