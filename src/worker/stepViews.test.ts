import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../engine/generation';
import { viewToken } from '../engine/tokenizer';
import { loadVocabulary } from '../engine/vocabulary/loadVocabulary';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';
import { viewedBy } from './stepViews';

describe('viewedBy', () => {
  it("replaces GPT-2's views of a Llama-family model's ids with its own vocabulary's", () => {
    const qwen = loadVocabulary(qwenTokenizerFiles());
    const [girl] = qwen.encode('孩');
    const end = 151645; // <|im_end|>, a special token
    const candidate = (id: number) => ({
      id,
      logit: 1,
      prob: 0.5,
      probAtT1: 0.5,
      cumulative: 0.5,
      eligible: true,
      token: viewToken(id),
    });
    const record: StepRecord = {
      step: 1,
      tokenId: girl,
      token: viewToken(girl),
      contextLength: 3,
      candidates: [candidate(girl), candidate(end)],
      entropy: 1,
      eligibleCount: 2,
      chosenProb: 0.5,
      temperature: 1,
      forced: false,
      modelMs: 1,
      totalMs: 1,
    };
    const viewed = viewedBy(record, qwen);
    expect(viewed.token).toBe(qwen.viewToken(girl));
    expect(viewed.token.label).toBe('孩');
    expect(viewed.candidates.map((c) => c.token.label)).toEqual(['孩', '<|im_end|>']);
    expect(viewed.candidates[1].token.special).toBe(true);
    expect({ ...viewed, token: null, candidates: null }).toEqual({
      ...record,
      token: null,
      candidates: null,
    });
  });
});
