/**
 * English text of the settings panel against the run on screen, the byte pieces of a character,
 * and the page's title; zh-CN-panel.ts mirrors the keys.
 */
export const enPanel = {
  pageTitle: 'Stepwise — one token at a time',
  // — the panel against the run on screen —
  settingsChanged: 'Changed settings: the next Generate or Step starts a new run.',
  stepNewHint: 'A new run from the changed settings, one token at a time.',
  continueChanged:
    'Continue goes on with the shown run’s own settings: Generate or Step to use the changed ones.',
  samplingOnly: 'Greedy decoding always takes the most likely token: these apply to sampling.',
  ep_auto: 'Auto',
  ep_webgpu: 'WebGPU',
  ep_wasm: 'WASM',
  // — a character split into byte pieces —
  bytePieces:
    'GPT-2’s vocabulary was learned mostly from English text, so a Chinese character is often split into 2–3 byte tokens, shown as ⟨e4\u00a0bb⟩. One underline joins the pieces of a character, and the character follows them.',
  charGroup: '{n} tokens that together make “{char}”',
  // — small pieces of other views —
  probAt: '{at}: {prob}',
  stepTip: 'Step {n} · id {id} · {prob} · {ms} ms',
} as const;
