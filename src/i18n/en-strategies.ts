/**
 * English text of the strategy views: beam search and Jacobi decoding run from the page, and their
 * comparison with plain greedy decoding; zh-CN-strategies.ts mirrors it.
 */
export const enStrategies = {
  urlOr4: '{a}, {b}, {c} or {d}',
  // — choosing a strategy —
  decodingChain: 'One token per step (greedy or sampling)',
  decodingBeam: 'Beam search',
  decodingJacobi: 'Jacobi decoding',
  decodingLabel: 'Decoding',
  beamsLabel: 'Beams',
  lengthPenaltyLabel: 'Length penalty',
  windowLabel: 'Jacobi window (tokens per pass)',
  jacobiLookupLabel: 'Guess by looking up earlier text (helps where the text repeats itself)',
  jacobiGuessesLookup:
    'Guesses: where the last round’s choices run out, the words that followed the same words earlier in the text.',
  jacobiGuessesRepeat: 'Guesses: the last round’s choices, then the last known token repeated.',
  strategyRunBeam: 'Run beam search',
  strategyRunJacobi: 'Run Jacobi decoding',
  strategyStop: 'Stop',
  strategyRunning: 'Running…',
  strategyStopped: 'Stopped: the steps so far are shown.',
  strategyPromptEmpty: 'Write a prompt first.',
  strategyTooLong:
    'The prompt and the tokens to generate make {n} tokens; this model reads at most {limit}.',
  strategyNoModel: 'The model could not be loaded.',
  strategyFailed: 'The run failed: {detail}',
  // — beam search —
  beamTitle: 'Beam search: the tree of candidate sequences',
  beamIntro:
    'Beam search keeps the {beams} most likely sequences so far instead of one. At each step every kept sequence proposes its best next tokens; all proposals are ranked by the total log-probability of the whole sequence, and only the best {beams} survive.',
  beamRowLegend:
    'Each row is a step: “4→ word −3.02” is a kept sequence made from beam 4 by adding “word”, with its total log-probability.',
  beamStepButton: 'Step {n}',
  beamStepsLabel: 'Steps of the beam search: choose one to see its candidates',
  beamShownStep: 'Step {n}: each beam’s candidates',
  beamFrom: 'Beam {id}: {text}',
  beamCandidate: '{token}: log p {lp}, total {total}',
  fateKept: 'kept',
  fateEnded: 'ended (end of text)',
  beamPrunedCount: 'Dropped at this step: {n}',
  fatePruned: 'dropped',
  beamFinalTitle: 'Final sequences, best first',
  beamFinalItem: 'Rank {rank}: score {score}',
  beamBestText: 'Best sequence: the run’s text',
  beamScoreExplained: 'Score = total log-probability ÷ length^{penalty}. Closer to 0 is better.',
  // — Jacobi decoding —
  jacobiTitle: 'Jacobi decoding: guess, then check all guesses in one pass',
  jacobiIntro:
    'Each round feeds the next token and {guesses} guessed tokens after it to the model in one single pass. The model’s choice after each position is compared with the guess there: guesses it confirms are kept (green), the rest are thrown away (struck out) and replaced by the model’s choices as the next guesses.',
  jacobiSame:
    'The output is exactly what plain greedy decoding writes. The chain is not skipped: every token is still checked against everything before it, only several checks run in parallel in one pass.',
  jacobi8bit:
    'Except on this 8-bit model file: it rounds the numbers of a pass over several tokens differently from one pass per token, so with a window above 1 its tokens can differ from greedy decoding’s. The full-precision file gives exactly greedy decoding’s tokens.',
  jacobiRound: 'Round {n}',
  jacobiFed: 'Fed (next token, then guesses)',
  jacobiPredicted: 'Model’s choice after each position',
  jacobiAccepted: 'Accepted',
  jacobiRejected: 'Rejected',
  jacobiPasses: 'Model passes: {passes}',
  jacobiTokens: 'Tokens produced: {tokens}',
  jacobiRefused:
    'This model file cannot run Jacobi decoding: it returns the model’s prediction for the last position only, and Jacobi decoding needs one for every fed position.',
  jacobiNoRounds: 'The first token comes from reading the prompt; no round was needed.',
  // — comparison with greedy —
  stratCompareTitle: 'Compared with plain greedy decoding of the same prompt',
  stratCompareSameTokens: 'Same tokens as greedy decoding',
  stratCompareYes: 'yes',
  stratCompareNo: 'no',
  stratComparePasses: 'Model passes: {passes} for {tokens} tokens (greedy: {greedyPasses})',
  beamPassesBatched:
    'Each step read all its beams in one model pass, the weights read once for all of them.',
  beamPassesPerBeam:
    'Each step read its beams one model pass each (this model file cannot run them together).',
  stratCompareTime: 'Time: {ms} ms (greedy: {greedyMs} ms, on this page, same model)',
  stratCompareNoGreedy: 'Greedy decoding was not timed: the run was stopped.',
} as const;
