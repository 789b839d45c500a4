import { isGreedy } from '../../engine/sampling';
import {
  activeRun,
  activeSteps,
  prefillShown,
  selectedStep,
  useAppStore,
} from '../../store/appStore';
import { branchAt } from '../../store/engineActions';
import { useVocabulary } from '../../store/vocabularies';
import { PrefillView } from './PrefillView';
import { StepDetail } from './StepDetail';
import { stepsMoveOnTheirOwn, useThrottledStore } from '../shared/useThrottledStore';

const NO_IDS: number[] = [];

/** Shown step 0: the prefill, with the run's steps to set it against. */
function SelectedPrefill() {
  const promptIds = useAppStore((s) => activeRun(s)?.promptIds ?? NO_IDS);
  const steps = useThrottledStore(activeSteps);
  const vocab = useVocabulary(useAppStore((s) => activeRun(s)?.modelId));
  return <PrefillView promptIds={promptIds} steps={steps} vocab={vocab} />;
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
  // The ids a rank runs over: the loaded model's head where the run is its, else the vocabulary.
  const modelId = useAppStore((s) => activeRun(s)?.modelId);
  const headSize = useAppStore((s) => (s.model.id === modelId ? s.model.shape?.vocab : undefined));
  const vocabSize = Math.max(useVocabulary(modelId).size, headSize ?? 0);
  if (!step || !sampling) return null;
  return (
    <StepDetail
      step={step}
      strategy={isGreedy(sampling) ? 'greedy' : 'sample'}
      topK={sampling.topK}
      topP={sampling.topP}
      minP={sampling.minP ?? 0}
      promptLength={promptLength}
      vocabSize={vocabSize}
      onBranch={busy ? undefined : (tokenId) => void branchAt(step.step, tokenId)}
      animate={!moving}
    />
  );
}
