import { ColoredText } from '../teach/ColoredText';
import { CompareRuns } from '../runs/CompareRuns';
import { ContextStrip } from '../context/ContextStrip';
import { RunVocabularyNotice } from '../runs/RunVocabularyNotice';
import { Controls } from '../setup/Controls';
import { CopyAsCode } from '../teach/CopyAsCode';
import { ErrorBanner } from './ErrorBanner';
import { FontWarmup } from './FontWarmup';
import { FormFold, useSideClass } from './FormFold';
import { GuessGame } from '../teach/GuessGame';
import { Header } from './Header';
import { InspectPanel } from '../inspect/InspectPanel';
import { KvCachePanel } from '../cache/KvCachePanel';
import { LessonPanel } from '../lesson/LessonPanel';
import { LoadProgressBar } from './LoadProgressBar';
import { usePresenterMode } from './PresenterMode';
import { RunChartsPanel } from '../charts/RunChartsPanel';
import { RunList } from '../runs/RunList';
import { SelectedStep } from '../step/SelectedStep';
import { StrategyPanel } from '../strategies/StrategyPanel';
import { Timeline } from '../timeline/Timeline';
import { useKeyboardControls } from './useKeyboardControls';
import { useLessonKeys } from '../lesson/useLessonKeys';
import { useDocumentLanguage } from './useDocumentLanguage';
import './App.css';

export function App() {
  useKeyboardControls();
  useLessonKeys();
  useDocumentLanguage();
  const presenting = usePresenterMode();
  const sideClass = useSideClass();
  return (
    <div className={presenting ? 'app app-presenting' : 'app'}>
      <Header />
      <main className="app-main">
        <aside className={sideClass}>
          <FormFold />
          <Controls />
          <RunList />
        </aside>
        <section className="app-stage">
          <ErrorBanner />
          <LoadProgressBar />
          <LessonPanel />
          <StrategyPanel />
          <GuessGame />
          <RunVocabularyNotice />
          <ContextStrip />
          <Timeline />
          {/* Under the timeline, in sight: below the step detail it fell out of view. */}
          <CompareRuns />
          <RunChartsPanel />
          <ColoredText />
          <SelectedStep />
          <InspectPanel />
          <KvCachePanel />
          <CopyAsCode />
        </section>
      </main>
      <FontWarmup />
    </div>
  );
}
