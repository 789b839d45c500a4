/**
 * English text of the teaching aids: the text coloured by the model, the run as code, and the
 * "guess the next token" game; zh-CN-teach.ts mirrors it.
 */
export const enTeach = {
  // — the text coloured by the model —
  teachColorTitle: 'The text, coloured by the model',
  teachColorIntro:
    'Each generated token is shaded by how sure the model was. Point at a token, or move to it with the keyboard, to see what else it could have written there; click one of those to try it.',
  teachShadeBy: 'Shade by',
  teachShadeProb: 'probability of the chosen token',
  teachShadeEntropy: 'entropy of the step (how unsure)',
  teachLegend: 'What the shades mean:',
  teachLegendSure: 'the model was sure',
  teachLegendUnsure: 'the model was unsure',
  teachRangeProbFrom: '{from} or more',
  teachRangeProbBetween: '{from} to {to}',
  teachRangeProbBelow: 'below {to}',
  teachRangeBitsBelow: 'below {to} bits',
  teachRangeBitsBetween: '{from} to {to} bits',
  teachRangeBitsFrom: '{from} bits or more',
  teachTextLabel: 'Generated text: use ← and → to move from token to token',
  teachTokenName: 'Step {n}: {token}, probability {prob}, entropy {bits} bits',
  teachTokenPiece:
    'Step {n}: {token}, a byte piece of “{char}”, probability {prob}, entropy {bits} bits',
  teachAltTitle: 'Step {n}: the model chose {token} ({prob}). Its most likely tokens there:',
  teachAltHint: 'Click one to make a new run that writes it at this step.',
  teachAltBusy: 'Wait until the model is done to try another token.',
  teachAltNone: 'Point at a token, or move to it, to see the other tokens the model weighed.',
  teachAltBranch: 'Make a new run that writes {token} at step {n}',
  teachAltChosen: 'chosen',
  // — the run as code —
  teachCodeTitle: 'The same run as code',
  teachCodeIntro:
    'These settings as a call to the Hugging Face libraries, to run the model yourself outside this page.',
  teachCopyPython: 'Copy as Python (transformers)',
  teachCopyJs: 'Copy as JavaScript (transformers.js)',
  teachCodePython: 'Python, with transformers',
  teachCodeJs: 'JavaScript, with transformers.js',
  teachCopied: 'Copied: {what}',
  teachCopyRefused:
    'The browser did not allow copying: select the code below and copy it yourself (Ctrl+C).',
  teachArticleNote:
    'Note: the article calls generate(..., top_k=50, temperature=0.7) without do_sample=True. Then transformers decodes greedily and ignores top_k and temperature, which is why its text is the same as the greedy loop’s.',
  // — guess the next token —
  teachGuessTitle: 'Guess the next token',
  teachGuessOn: 'Play: guess before each step',
  teachGuessIntro:
    'Type the token you think comes next, then press Step (or Enter). The step shows where your guess ranked among the tokens the model weighed.',
  teachGuessLabel: 'Your guess for the next token',
  teachGuessRank: 'Step {n}: your guess {guess} was rank {rank}, probability {prob}.',
  teachGuessBeyond: 'Step {n}: your guess {guess} is not in the top {top}.',
  teachGuessFar: 'Step {n}: your guess {guess} is beyond the top {top}, probability {prob}.',
  teachGuessTop1: 'The model’s first choice!',
  teachGuessTop5: 'In the model’s top 5.',
  teachGuessChose: 'The model chose {token}.',
  teachGuessScore: 'Guesses: {guesses} · at rank 1: {top1} · in the top 5: {top5}',
  teachGuessReset: 'Reset the score',
} as const;
