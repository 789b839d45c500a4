import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { whenRestored } from './store/appStore';
import { applyUrl } from './store/viewActions';
import './components/theme.css';

const root = createRoot(document.getElementById('root')!);

// Saved runs and settings come back first; URL parameters then override the settings.
void whenRestored().then(() => {
  applyUrl(window.location.search);
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
