/** beamSearch's live hooks: a record per step as it is decided, and a stop check between steps. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { PROMPT, TINY_DIR } from '../testing/tinyGeneration';
import { beamSearch, type BeamStep } from './beamSearch';

let tiny: NodeModel;
beforeAll(async () => {
  tiny = await loadNodeModel(TINY_DIR);
});
afterAll(() => tiny.session.release());

describe('beamSearch hooks', () => {
  it('hands over each step record as it is made, the same as the result’s', async () => {
    const seen: number[] = [];
    const posted: BeamStep[] = [];
    const result = await beamSearch(
      tiny.decoder,
      PROMPT,
      { beams: 3, maxSteps: 5 },
      {
        onStep: (step) => {
          seen.push(step.step);
          posted.push(structuredClone(step));
        },
      },
    );
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(posted.map((s) => s.kept)).toEqual(result.steps.map((s) => s.kept));
    expect(posted.map((s) => s.expansions)).toEqual(result.steps.map((s) => s.expansions));
    expect(result.stopReason).toBe('max_steps');
  });

  it('stops between steps when asked, ranking the beams made so far', async () => {
    const full = await beamSearch(tiny.decoder, PROMPT, { beams: 3, maxSteps: 8 });
    let asked = 0;
    const stopped = await beamSearch(
      tiny.decoder,
      PROMPT,
      { beams: 3, maxSteps: 8 },
      { shouldStop: () => ++asked === 3 },
    );
    expect(stopped.stopReason).toBe('stopped');
    expect(stopped.steps).toHaveLength(3);
    expect(stopped.steps.map((s) => s.kept)).toEqual(full.steps.slice(0, 3).map((s) => s.kept));
    expect(stopped.final).toHaveLength(3);
    expect(stopped.final.every((b) => b.tokens.length === 3)).toBe(true);
    // Prefill plus the three beams read at each of the first two steps (in one run per step on
    // the slots file tiny-gpt2 loads); the third step's are not.
    expect(stopped.batched).toBe(true);
    expect(stopped.modelRuns).toBe(1 + 1 * 2);
  });
});
