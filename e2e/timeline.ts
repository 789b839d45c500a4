import type { Page } from '@playwright/test';

/** The token ids the timeline shows, in step order (its public `data-token-id` attributes). */
export const stepIds = (page: Page): Promise<number[]> =>
  page
    .getByTestId('timeline-step')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-token-id'))));
