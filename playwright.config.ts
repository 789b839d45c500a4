import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './e2e/chromium';

/** Port and build folder, overridable so that two e2e runs can share a machine. */
const PORT = Number(process.env.STEPWISE_E2E_PORT ?? 4173);
const DIST = process.env.STEPWISE_E2E_DIST ?? 'dist';
const BUILD = process.env.STEPWISE_E2E_PREBUILT
  ? ''
  : `npx vite build --logLevel warn --outDir ${DIST} && `;

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results/${PORT}`,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // Tests, not files, are shared out, so that long spec files do not make the tail; every test
  // opens its own page and model, and none depends on another. Three at a time on two cores: a
  // test mostly waits (page load, the worker's session, Play's ticks), so CPUs sit idle with fewer
  // (bench/README.md, "e2e wall time"). Tests assert orders of events, never timings, so they hold
  // under the shared CPU (STEPWISE_E2E_WORKERS=1 to compare).
  fullyParallel: true,
  workers: Number(process.env.STEPWISE_E2E_WORKERS ?? 3),
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [['list']]
    : [['list'], ['html', { open: 'never', outputFolder: `playwright-report/${PORT}` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
  },
  // The production build, served by Vite's preview server (with COOP/COEP headers). `npm test`
  // builds it beside the lint and type-checks and sets STEPWISE_E2E_PREBUILT (scripts/testAll.ts).
  webServer: {
    command: `${BUILD}npx vite preview --outDir ${DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
