import { isGreedy } from '../../engine/sampling';
import { activeRun, selectedStep, useAppStore } from '../../store/appStore';
import { branchAt } from '../../store/engineActions';
import { StepDetail } from './StepDetail';
import { stepsMoveOnTheirOwn, useThrottledStore } from '../shared/useThrottledStore';

/**
 * The detail panel for the shown step of the active run; clicking a candidate branches there.
 * It reads single fields of the run, not the run, which changes with every step.
 */
export function SelectedStep() {
  const step = useThrottledStore(selectedStep);
  const sampling = useAppStore((s) => activeRun(s)?.config.sampling ?? null);
  const promptLength = useAppStore((s) => activeRun(s)?.promptIds.length ?? 0);
  const busy = useAppStore((s) => s.live.busy || s.model.status === 'loading');
  const moving = useAppStore(stepsMoveOnTheirOwn);
  if (!step || !sampling) return null;
  return (
    <StepDetail
      step={step}
      strategy={isGreedy(sampling) ? 'greedy' : 'sample'}
      topK={sampling.topK}
      topP={sampling.topP}
      promptLength={promptLength}
      onBranch={busy ? undefined : (tokenId) => void branchAt(step.step, tokenId)}
      animate={!moving}
    />
  );
}
