import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Debian's Chromium where it is installed (offline machines cannot download Playwright's own);
 * Playwright's bundled browser everywhere else. STEPWISE_CHROMIUM overrides both.
 */
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
  existsSync(p),
);
const executablePath = process.env.STEPWISE_CHROMIUM ?? systemChromium;

/** Port and build folder, overridable so that two e2e runs can share a machine. */
const PORT = Number(process.env.STEPWISE_E2E_PORT ?? 4173);
const DIST = process.env.STEPWISE_E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results/${PORT}`,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [['list']]
    : [['list'], ['html', { open: 'never', outputFolder: `playwright-report/${PORT}` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Gives headless Chromium a (software, SwiftShader) WebGPU adapter for the WebGPU path.
        '--enable-unsafe-webgpu',
      ],
    },
  },
  // The production build, served by Vite's preview server (with COOP/COEP headers).
  webServer: {
    command: `npx vite build --logLevel warn --outDir ${DIST} && npx vite preview --outDir ${DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
