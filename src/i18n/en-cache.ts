/**
 * English text of the cache mode: the settings toggle and its warning, the run label, and the
 * time comparison of a run with the KV cache against its twin without; zh-CN-cache.ts mirrors it.
 */
export const enCache = {
  cacheToggle: 'Use the KV cache',
  cacheHint:
    'Off: every step runs the model on the whole text again, as the simplest loop does. Same tokens, more time per step.',
  cacheOffWarning:
    'Without the cache, every step reads the whole text again: with {n} positions (prompt + steps) this run will be slow.',
  cacheOffCost:
    'In all, the model will compute {without} positions instead of the {with} of a run with the cache: {ratio} times as many.',
  runNoCache: 'no KV cache',
  rerunWithoutCache: 'Run the same without the cache',
  rerunWithoutCacheHint:
    'Make this run again without the KV cache and compare them: the same tokens, a different time.',
  compareTimeTitle: 'Model time per step (ms)',
  compareTimeAria: 'Model time per step in ms: {a} against {b}',
  compareTimeTotal: '{name}: {ms} ms in all',
  compareWithCache: 'with the cache',
  compareWithoutCache: 'without the cache',
} as const;
