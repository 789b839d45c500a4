/**
 * English text that says what the page shows and what each control does: the header's figures,
 * the four ways forward, the run list's settings, the context strip's legend, the share link and
 * the notices. zh-CN-hints.ts mirrors the keys.
 */
export const enHints = {
  // — header —
  status_playing: 'Playing',
  madeSpeed: 'Generated at {n} tokens/s · {ms} ms/step',
  madeSpeedHelp:
    'The model’s speed, measured when this run was generated (the median step after the first). Play does not run the model again for recorded steps.',
  playRate: 'Play: {n} steps/s',
  playRateHelp:
    'Play shows the recorded steps at this speed (set under the timeline); it asks the model only for steps not made yet.',
  backendLabel: 'Backend',
  backendOnCpu: '(CPU)',
  backendOnGpu: '(GPU)',
  threadsLabel: '{n} threads',
  threadsHelp: 'WASM runs the model on {n} CPU threads at once.',
  threadsLabelOne: '1 thread',
  threadsHelpOne:
    'WASM runs the model on one CPU thread: threads need a cross-origin-isolated page (a host that sends COOP/COEP headers) and more than one core.',
  // — the four ways forward —
  generateHint: 'A new run of {n} steps from the prompt.',
  stepHint: 'One more token for the shown run (a new run if it cannot go on).',
  continueHint: 'The rest of the shown run’s steps, one after another.',
  playHint:
    'Replays the recorded steps at the Play speed; at the newest step of a run that can go on, asks the model for the next one.',
  // — run list and comparison —
  runGreedy: 'greedy',
  runSampling: 'sampling, T {t}',
  runTopK: 'top-k {k}',
  runTopP: 'top-p {p}',
  runMinP: 'min-p {p}',
  runSeed: 'seed {seed}',
  runName: 'Run {n}',
  // — context strip —
  legendTitle: 'Colours',
  legendPrompt: 'prompt, read',
  legendGenerated: 'chosen earlier, read',
  legendProduced: 'produced by this step',
  legendFuture: 'not written yet',
  tokenPosition: 'position {n} · id {id}',
  // — share link and notices —
  shareHint:
    'A link that sets up the shown run again: its model, prompt, sampling settings and step count.',
  shareShown: 'Link ready: copy it from the box.',
  shareLinkLabel: 'Share link',
} as const;
