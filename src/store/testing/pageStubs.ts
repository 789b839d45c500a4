/**
 * The page the store's actions expect, for tests under Node: `baseHref()` resolves the app's base
 * against `location`, and the build's base is './' (Vitest serves from '/').
 */
import { vi } from 'vitest';
import { setEngineClient } from '../engineConnection';

export const TEST_PAGE = 'http://127.0.0.1:4173/stepwise/index.html';

export function stubPage(href = TEST_PAGE): void {
  vi.stubGlobal('location', { href, origin: new URL(href).origin });
  vi.stubEnv('BASE_URL', './');
}

/** Drops the worker client a test installed, and every stubbed global and variable. */
export function unstubPage(): void {
  setEngineClient(null);
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
}
