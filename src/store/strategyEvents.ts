/**
 * The worker's strategy events, recorded on the run they answer: beam steps, Jacobi and
 * speculative rounds as they come, the draft model's load, and the run's end.
 */
import type { WorkerEvent } from '../worker/protocol';
import { updateStrategyRun } from './strategyStore';

/** Takes the worker's strategy events; false for every other event. */
export function receiveStrategyEvent(event: WorkerEvent): boolean {
  switch (event.kind) {
    case 'beam-step':
      updateStrategyRun(event.id, (r) => ({ beamSteps: [...r.beamSteps, event.step] }));
      return true;
    case 'jacobi-round':
      updateStrategyRun(event.id, (r) => ({ rounds: [...r.rounds, event.round] }));
      return true;
    case 'draft-progress': {
      const { modelId, phase, loaded, total } = event;
      updateStrategyRun(event.id, () => ({ draftLoad: { modelId, phase, loaded, total } }));
      return true;
    }
    case 'spec-round':
      updateStrategyRun(event.id, (r) => ({
        specRounds: [...r.specRounds, event.round],
        draftLoad: null,
      }));
      return true;
    case 'strategy-done': {
      const { outcome } = event;
      const stopped = 'stopReason' in outcome && outcome.stopReason === 'stopped';
      const status = stopped ? 'stopped' : 'done';
      updateStrategyRun(event.id, () => ({ outcome, status, draftLoad: null }));
      return true;
    }
    default:
      return false;
  }
}
