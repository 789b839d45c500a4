import { ContextStrip } from './ContextStrip';
import { Controls } from './Controls';
import { ErrorBanner } from './ErrorBanner';
import { Header } from './Header';
import { LoadProgressBar } from './LoadProgressBar';
import { StepDetail } from './StepDetail';
import { Timeline } from './Timeline';
import './App.css';

export function App() {
  return (
    <div className="app">
      <Header />
      <main className="app-main">
        <aside className="app-side">
          <Controls />
        </aside>
        <section className="app-stage">
          <ErrorBanner />
          <LoadProgressBar />
          <ContextStrip />
          <Timeline />
          <StepDetail />
        </section>
      </main>
    </div>
  );
}
