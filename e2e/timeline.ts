import type { Locator, Page } from '@playwright/test';

/**
 * The token ids of the timeline's drawn cells, in step order (their public `data-token-id`
 * attributes): every step of a run that fits the timeline's view and one more view (runs of up
 * to ~40 steps at the tests' window size); longer runs draw only the cells near the view.
 */
export const stepIds = (page: Page): Promise<number[]> =>
  page
    .getByTestId('timeline-step')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-token-id'))));

/** The shown step's most likely candidate that was not chosen: clicking it branches there. */
export const otherCandidate = (page: Page): Locator =>
  page.getByTestId('step-detail').locator('[data-testid=candidate][data-chosen=false]').first();
