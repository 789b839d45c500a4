/** The prefill block and view, the KV cache panel, and the `step` URL parameter's expectations. */
export const enInside = {
  prefillBlock: 'prefill · {n} tokens · {ms} ms',
  prefillBlockTip:
    'The prefill: all {n} prompt tokens in one parallel pass, {ms} ms. Click to see it.',
  prefillTitle: 'Prefill: the whole prompt in one pass',
  prefillWhy:
    'The model computes all {n} prompt positions at once, because the prompt is already known: no position waits for another.',
  prefillTokens: 'The prompt’s tokens',
  prefillRatio: 'Prefill of {n} tokens took {ms} ms = the cost of about {y} decode steps',
  prefillMedian: '(median decode step: {ms} ms, over {k} steps)',
  prefillNoDecode:
    'Prefill of {n} tokens took {ms} ms; the run has no decode step yet to compare it with.',
  prefillWait:
    'Each decode step after it had to wait for the previous token: step n + 1 cannot start before step n has chosen its token, so the decode steps run one after another.',
  kvTitle: 'KV cache after step {n}',
  kvTitlePrefill: 'KV cache after the prefill',
  kvShape:
    'Shape: {layers} layers × 2 (key, value) × {heads} heads × {rows} positions × {dim} values per head',
  kvBytes: '{bytes} in float32 (4 bytes a value); each new token adds {per}',
  kvDecode:
    'This step read the {read} rows already held (every earlier position) and wrote 1 new row per layer, for the token it read last.',
  kvPrefill:
    'The prefill wrote the prompt’s {n} rows in every layer at once; there was nothing to read yet.',
  kvGrid: 'Positions held, one column each (newest on the right), per layer',
  kvEarlier: '… {n} earlier',
  kvLayer: 'layer {n}',
  kvLegendRead: 'read from the cache',
  kvLegendWritten: 'written at this step',
  kvOff:
    'Without the cache a run recomputes the keys and values of all {n} positions again at every step, instead of reading them back.',
  kvOffRun:
    'This run was made without the cache: at this step the model recomputed all {n} positions. The rows above are what a cached run holds.',
  kvShapeUnknown: 'The model’s shape is known once it is loaded.',
  // — what the `step` URL parameter expects (inside noticeUrlParam) —
  urlStepOfRun: 'a step from 0 (the prefill) to {max}, the steps of the run shown',
  urlStepNoRun: 'a step of a run, but no run is shown',
} as const;
