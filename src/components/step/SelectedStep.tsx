import { isGreedy } from '../../engine/sampling';
import {
  activeRun,
  activeSteps,
  prefillShown,
  selectedStep,
  useAppStore,
} from '../../store/appStore';
import { branchAt } from '../../store/engineActions';
import { PrefillView } from './PrefillView';
import { StepDetail } from './StepDetail';
import { stepsMoveOnTheirOwn, useThrottledStore } from '../shared/useThrottledStore';

const NO_IDS: number[] = [];

/** Shown step 0: the prefill, with the run's steps to set it against. */
function SelectedPrefill() {
  const promptIds = useAppStore((s) => activeRun(s)?.promptIds ?? NO_IDS);
  const steps = useThrottledStore(activeSteps);
  return <PrefillView promptIds={promptIds} steps={steps} />;
}

/**
 * The detail panel for the shown step of the active run (the prefill view at step 0); clicking a
 * candidate branches there. It reads single fields of the run, not the run, which changes with
 * every step.
 */
export function SelectedStep() {
  const prefill = useAppStore(prefillShown);
  return prefill ? <SelectedPrefill /> : <SelectedDecodeStep />;
}

function SelectedDecodeStep() {
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
      minP={sampling.minP ?? 0}
      promptLength={promptLength}
      onBranch={busy ? undefined : (tokenId) => void branchAt(step.step, tokenId)}
      animate={!moving}
    />
  );
}
