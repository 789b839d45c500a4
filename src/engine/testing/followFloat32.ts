/**
 * How closely an 8-bit model follows its float32 original: both decode the same prompt, each step
 * fed the float32 model's top token (so the contexts stay the same), and the comparison counts
 * the steps whose top token agrees and the worst mean |Δlogit| of a step. Shared by the GPT-2 and
 * Llama-family q8 tests.
 */
import type { KvCacheDecoder } from '../decoder';
import { topIndices } from '../topK';

export interface Agreement {
  /** Steps whose top token was the float32 model's. */
  agree: number;
  /** The largest mean |Δlogit| over one step's logits. */
  meanAbs: number;
}

export async function followFloat32(
  fp32: KvCacheDecoder,
  q8: KvCacheDecoder,
  prompt: readonly number[],
  steps: number,
): Promise<Agreement> {
  let a = await fp32.append([...prompt]);
  let b = await q8.append([...prompt]);
  let agree = 0;
  let meanAbs = 0;
  for (let step = 0; step < steps; step++) {
    let sum = 0;
    for (let j = 0; j < a.logits.length; j++) sum += Math.abs(a.logits[j] - b.logits[j]);
    meanAbs = Math.max(meanAbs, sum / a.logits.length);
    const next = topIndices(a.logits, 1)[0];
    if (topIndices(b.logits, 1)[0] === next) agree += 1;
    a = await fp32.append([next]);
    b = await q8.append([next]);
  }
  return { agree, meanAbs };
}
