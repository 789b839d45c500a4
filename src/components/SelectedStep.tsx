import { isGreedy } from '../engine/sampling';
import { activeRun, selectedStep, useAppStore } from '../store/appStore';
import { branchAt } from '../store/engineActions';
import { StepDetail } from './StepDetail';

/** The detail panel for the shown step of the active run; clicking a candidate branches there. */
export function SelectedStep() {
  const step = useAppStore(selectedStep);
  const run = useAppStore(activeRun);
  const busy = useAppStore((s) => s.live.busy || s.model.status === 'loading');
  if (!step || !run) return null;
  const { sampling } = run.config;
  return (
    <StepDetail
      step={step}
      strategy={isGreedy(sampling) ? 'greedy' : 'sample'}
      topK={sampling.topK}
      topP={sampling.topP}
      promptLength={run.promptIds.length}
      onBranch={busy ? undefined : (tokenId) => void branchAt(step.step, tokenId)}
    />
  );
}
