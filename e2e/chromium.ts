/**
 * The Chromium that the e2e tests and the benchmark launch, and its flags: one set-up for both
 * (playwright.config.ts, bench/lib/browser.ts). Plain Node imports only: Playwright loads this
 * file through its config's TypeScript loader.
 */
import { existsSync } from 'node:fs';

/**
 * Debian's Chromium where it is installed (offline machines cannot download Playwright's own);
 * undefined, Playwright's bundled browser, everywhere else. STEPWISE_CHROMIUM overrides both.
 */
export function chromiumExecutable(): string | undefined {
  const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  return process.env.STEPWISE_CHROMIUM ?? system;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Gives headless Chromium a (software, SwiftShader) WebGPU adapter for the WebGPU path.
  '--enable-unsafe-webgpu',
];
