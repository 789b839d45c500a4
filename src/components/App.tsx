import { CompareRuns } from './CompareRuns';
import { ContextStrip } from './ContextStrip';
import { Controls } from './Controls';
import { ErrorBanner } from './ErrorBanner';
import { FontWarmup } from './FontWarmup';
import { Header } from './Header';
import { LoadProgressBar } from './LoadProgressBar';
import { RunChartsPanel } from './RunChartsPanel';
import { RunList } from './RunList';
import { SelectedStep } from './SelectedStep';
import { Timeline } from './Timeline';
import { useKeyboardControls } from './useKeyboardControls';
import { useDocumentLanguage } from './useDocumentLanguage';
import './App.css';

export function App() {
  useKeyboardControls();
  useDocumentLanguage();
  return (
    <div className="app">
      <Header />
      <main className="app-main">
        <aside className="app-side">
          <Controls />
          <RunList />
        </aside>
        <section className="app-stage">
          <ErrorBanner />
          <LoadProgressBar />
          <ContextStrip />
          <Timeline />
          <RunChartsPanel />
          <SelectedStep />
          <CompareRuns />
        </section>
      </main>
      <FontWarmup />
    </div>
  );
}
