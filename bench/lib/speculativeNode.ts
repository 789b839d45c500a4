/**
 * Speculative decoding against plain greedy decoding on onnxruntime-node (2 threads, slots
 * files): tokens per second of each, the draft's acceptance, its step cost as a share of the
 * target's, and the agreement where it would break even (speculativeMath.ts). Greedy in both, so
 * both give the same tokens, which is checked.
 */
import { join } from 'node:path';
import { loadNodeModel, type NodeModel } from '../../scripts/nodeModel';
import { NO_SPINNING } from '../shared/protocol';
import type { KvCacheDecoder } from '../../src/engine/decoder';
import { SLOTS_MODEL_FILE } from '../../src/engine/modelCatalog';
import { speculativeDecode, type SpeculativeResult } from '../../src/engine/strategies/speculative';
import { encodeText } from '../../src/engine/tokenizer';
import { topIndices } from '../../src/engine/topK';
import type { Outcome } from './results';
import { agreement, breakEvenAlpha, expectedSpeedup } from './speculativeMath';

export interface SpecRun {
  k: number;
  /** Median wall time of the whole decode, prefill included. */
  ms: number;
  tokPerS: number;
  /** Against greedy decoding's tokens per second, same run. */
  speedup: number;
  /** Kept proposals ÷ proposals (what the page shows). */
  acceptance: number;
  /** Kept proposals ÷ positions the target checked: the α of speculativeMath.ts. */
  agreement: number;
  targetPasses: number;
  draftPasses: number;
  /** The target's verifying pass (k + 1 tokens) over its one-token step: medians. */
  verifyRatio: number;
  /** The speed-up α, the cost ratio and the verifying pass predict. */
  predicted: number;
  /** The α where it would break even at this k and cost ratio; null: never. */
  breakEven: number | null;
  sameTokens: boolean;
}

export interface SpecPairResult {
  target: string;
  draft: string;
  tokens: number;
  greedyMs: number;
  greedyTokPerS: number;
  /** Median milliseconds of a one-token step of each model, and their ratio (draft ÷ target). */
  targetStepMs: number;
  draftStepMs: number;
  costRatio: number;
  runs: SpecRun[];
}

const PROMPT = encodeText('The history of the city begins with a small settlement by the river');
const REPEATS = 5;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Greedy decoding one token per step: the tokens and the wall time. */
async function greedy(decoder: KvCacheDecoder, tokens: number) {
  const started = performance.now();
  decoder.reset();
  let forward = await decoder.append(PROMPT);
  const ids: number[] = [];
  for (;;) {
    ids.push(topIndices(forward.logits, 1)[0]);
    if (ids.length === tokens) break;
    forward = await decoder.append([ids[ids.length - 1]]);
  }
  return { ids, ms: performance.now() - started };
}

/**
 * Median milliseconds of a one-token step of each model over `ids` after the prompt, the two
 * models' steps taken in turn so that both meet the same load on a shared machine.
 */
async function stepCosts(target: KvCacheDecoder, draft: KvCacheDecoder, ids: number[]) {
  const targetMs: number[] = [];
  const draftMs: number[] = [];
  for (const decoder of [target, draft]) {
    decoder.reset();
    await decoder.append(PROMPT);
  }
  for (const id of ids) {
    targetMs.push((await target.append([id])).modelMs);
    draftMs.push((await draft.append([id])).modelMs);
  }
  return { target: median(targetMs), draft: median(draftMs) };
}

/** A model folder under the models directory, and which of its files to run. */
export interface PairSide {
  folder: string;
  file: string;
}

/** The name a side is reported under: the folder, `:q8` for its 8-bit file. */
const sideName = ({ folder, file }: PairSide): string =>
  file === SLOTS_MODEL_FILE ? folder : `${folder}:q8`;

/** One pair at `tokens` tokens and each k in `ks`. */
export async function measurePair(
  models: string,
  targetSide: PairSide,
  draftSide: PairSide,
  tokens: number,
  ks: readonly number[],
  log: (line: string) => void,
): Promise<SpecPairResult> {
  const [target, draft] = [sideName(targetSide), sideName(draftSide)];
  const open: NodeModel[] = [];
  try {
    // Two sessions take turns: a session's idle threads must sleep, not spin on the cores the
    // other one is about to use.
    const t = await loadNodeModel(join(models, targetSide.folder), targetSide.file, 2, NO_SPINNING);
    open.push(t);
    const d = await loadNodeModel(join(models, draftSide.folder), draftSide.file, 2, NO_SPINNING);
    open.push(d);
    await greedy(t.decoder, 4); // warm-up of both sessions
    await greedy(d.decoder, 4);
    const reference = (await greedy(t.decoder, tokens)).ids;
    const steps = await stepCosts(t.decoder, d.decoder, reference);
    const [targetStepMs, draftStepMs] = [steps.target, steps.draft];
    const costRatio = draftStepMs / targetStepMs;
    // Greedy and every k in turn, REPEATS times: each meets the machine's load of the moment
    // about equally, which moves by 2-4x within a minute here.
    const plainMs: number[] = [];
    const specMs = ks.map((): number[] => []);
    const last = new Map<number, SpeculativeResult>();
    for (let i = 0; i < REPEATS; i++) {
      plainMs.push((await greedy(t.decoder, tokens)).ms);
      for (const [j, k] of ks.entries()) {
        const started = performance.now();
        const result = await speculativeDecode(t.decoder, d.decoder, PROMPT, {
          k,
          maxTokens: tokens,
        });
        specMs[j].push(performance.now() - started);
        last.set(k, result);
      }
    }
    const greedyMs = median(plainMs);
    log(`${target} + ${draft}: greedy ${greedyMs.toFixed(0)} ms, c = ${costRatio.toFixed(2)}`);
    const runs: SpecRun[] = [];
    for (const [j, k] of ks.entries()) {
      const result = last.get(k)!;
      const ms = median(specMs[j]);
      // Full rounds only: the last one may feed fewer tokens.
      const full = result.rounds.filter((r) => r.proposed.length === k);
      const v = full.length > 0 ? median(full.map((r) => r.targetMs)) / targetStepMs : 1;
      const alpha = agreement(
        result.rounds.map((r) => ({ proposed: r.proposed.length, accepted: r.accepted })),
      );
      runs.push({
        k,
        ms,
        tokPerS: (1000 * tokens) / ms,
        speedup: greedyMs / ms,
        acceptance: result.proposed === 0 ? 0 : result.accepted / result.proposed,
        agreement: alpha,
        targetPasses: result.targetPasses,
        draftPasses: result.draftPasses,
        verifyRatio: v,
        predicted: expectedSpeedup(alpha, k, costRatio, v),
        breakEven: breakEvenAlpha(k, costRatio, v),
        sameTokens: result.tokens.join() === reference.join(),
      });
    }
    return {
      target,
      draft,
      tokens,
      greedyMs,
      greedyTokPerS: (1000 * tokens) / greedyMs,
      targetStepMs,
      draftStepMs,
      costRatio,
      runs,
    };
  } finally {
    await Promise.all(open.map((m) => m.session.release()));
  }
}

const fixed = (x: number, digits = 2): string => x.toFixed(digits);

/** The report's lines (table.ts prints them); a failure goes to `errors`. */
export function speculativeLines(outcome: Outcome<SpecPairResult[]>, errors: string[]): string[] {
  if (!outcome.ok) {
    if (outcome.error !== 'not run') errors.push(outcome.error);
    return [];
  }
  const pairs = outcome.value;
  return [
    '',
    'speculative decoding (greedy, onnxruntime-node 2 threads, slots files; α = kept ÷ positions checked, c = draft step ÷ target step, v = verifying pass ÷ target step):',
    ...pairs.flatMap((p) => [
      `  ${p.target} + ${p.draft}, ${p.tokens} tokens: greedy ${fixed(p.greedyTokPerS, 1)} tok/s; steps ${fixed(p.targetStepMs)} vs ${fixed(p.draftStepMs)} ms, c = ${fixed(p.costRatio)}`,
      ...p.runs.map(
        (r) =>
          `    k=${r.k}: ${fixed(r.tokPerS, 1)} tok/s (×${fixed(r.speedup)}, predicted ×${fixed(r.predicted)} with v ${fixed(r.verifyRatio)}), acceptance ${fixed(r.acceptance)}, α ${fixed(r.agreement)} vs break-even ${r.breakEven === null ? 'never' : fixed(r.breakEven)}; passes ${r.targetPasses} + draft ${r.draftPasses}; same tokens ${r.sameTokens ? 'yes' : 'NO'}`,
      ),
    ]),
  ];
}
