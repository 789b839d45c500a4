import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/app/App';
import { whenRestored } from './store/appStore';
import { checkModels } from './store/modelAvailability';
import { applyLessonUrl } from './store/lessonStore';
import { watchRunVocabularies } from './store/runVocabulary';
import { applyUrl } from './store/viewActions';
import './components/shared/theme.css';

const root = createRoot(document.getElementById('root')!);
// Runs shown by bare ids are viewed again once their model's vocabulary is found.
watchRunVocabularies();

// Saved runs and settings come back first; URL parameters then override the settings.
// GPT-2 becomes the default when it is at hand (served by the site or already downloaded).
void whenRestored()
  .then(() => {
    const base = new URL(import.meta.env.BASE_URL, window.location.href).href;
    const urlNamedModel = new URLSearchParams(window.location.search).has('model');
    return checkModels(base, urlNamedModel);
  })
  .then(() => {
    applyUrl(window.location.search);
    applyLessonUrl(window.location.search);
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
