/**
 * English text of speculative decoding on the page: its settings, its rounds and its counters;
 * zh-CN-speculative.ts mirrors it.
 */
export const enSpeculative = {
  urlOr5: '{a}, {b}, {c}, {d} or {e}',
  decodingSpeculative: 'Speculative decoding',
  kLabel: 'Draft tokens per round (k)',
  draftLabel: 'Draft model',
  draftDefault: 'The usual draft for this model ({id})',
  draftNone: 'No usual draft for this model: choose one',
  draftHubLabel: 'Or a draft from the Hub (model id)',
  draftHubOk:
    '{repo}: {params} parameters, {vocab} tokens in its vocabulary, the same size as this model’s.',
  draftHubOkUnknown:
    '{repo}: {params} parameters, {vocab} tokens in its vocabulary. This model’s is not known until it loads: a draft with other tokens is refused when speculative decoding loads it.',
  draftHubUse: 'Use it as the draft ({size}, downloaded when speculative decoding runs)',
  draftHubMisfit:
    '{repo} has {vocab} tokens in its vocabulary, this model {target}: speculative decoding needs a draft with the same tokens.',
  strategyRunSpeculative: 'Run speculative decoding',
  specNoDraft: 'Choose a draft model: this model has no usual one.',
  specNoDraftFits:
    'No draft model offered has this model’s vocabulary ({vocab} tokens): speculative decoding needs a draft with the same tokens.',
  specDraftMisfit:
    '{id} has another vocabulary than this model’s ({vocab} tokens): it would be refused. Choose another draft.',
  specDraftOtherTokens:
    'The draft model {id} reads other tokens than this model (another tokenizer or vocabulary), so it was refused before it ran: speculative decoding needs a draft with the same tokenizer. Choose another draft.',
  specTitle: 'Speculative decoding: a small model drafts, the big one checks in one pass',
  specIntro:
    'Each round the draft model ({draft}) proposes up to {k} tokens, one pass each. The model ({target}) then reads the next token and all the proposals in one single pass. Proposals it agrees with are kept (green) up to the first one it would not have chosen there: that one is struck out, and the model’s own token takes its place (the correction). When it agrees with every proposal, its token after the last one comes on top (the bonus).',
  specSame:
    'The output is exactly what plain greedy decoding of the model writes. The chain is not skipped: every token is still checked against everything before it; only the checks of one round run in parallel, in one pass.',
  specDraftLoading: 'Loading the draft model {id}: {phase}…',
  specPhaseDownload: 'downloading',
  specPhaseBuild: 'building it from its original weights',
  specPhaseSession: 'creating its session',
  specPhaseWarmup: 'warming it up',
  specDraftLoadingShare: 'Loading the draft model {id}: {phase}, {percent} %',
  specRound: 'Round {n}',
  specProposed: 'Draft proposed',
  specTargetChoice: 'Model’s choice after each position (one pass)',
  specAdded: 'Kept this round',
  specCorrection: 'correction',
  specBonus: 'bonus',
  specOwn: 'the model’s own token (nothing proposed to check)',
  specEnded: 'end of text: nothing after it is kept',
  specAcceptance: 'Acceptance rate: {rate} % ({accepted} of {proposed} proposals kept)',
  specAcceptanceNone: 'Acceptance rate: no proposal yet',
  specPasses: 'Model passes: {target} · draft passes: {draft} · tokens: {tokens}',
  specNoRounds: 'The first token comes from reading the prompt; no round was needed.',
  specCost:
    'It pays only when a draft pass costs much less than a pass of the model and the draft is often right: each round costs k draft passes and one model pass, and gives 1 to k + 1 tokens.',
  specDraftNoneKnown:
    'No draft model is known for {model}: choose one in the “{field}” field. Speculative decoding needs a smaller model with the same vocabulary; Run waits for it.',
  specFormGreedy:
    'Greedy: with “{field}” set to greedy above (or a temperature of 0), the output is the model’s greedy text. Choose sampling there, with a temperature above 0, to run speculative sampling at that temperature and seed.',
  specFormSampled:
    'Sampling, with the settings above: temperature {temperature}, seed {seed}. Each proposal x is kept with probability min(1, p(x)/q(x)) (p: the model’s probability, q: the draft’s); otherwise the token is drawn from max(0, p − q), normalised. The same seed gives the same run.',
  specCutoffsUnapplied:
    'Not applied to speculative sampling: {cutoffs}. The acceptance rule here compares the whole distributions of the model and the draft at the temperature, with no cut-off: the run samples as if these were off. Set them off to compare it with a sampled chain run.',
  specSampledIntro:
    'Sampled at temperature {temperature} (seed {seed}), with no top-k, top-p or min-p cut-off. A proposal x is kept with probability min(1, p/q), where p is the model’s probability of x and q the draft’s. When it is not kept, the token is drawn from the residual max(0, p − q), normalised, and the round ends there.',
  specSameSampled:
    'The output is distributed exactly as the model’s own sampling at this temperature (not as greedy decoding): the rule only changes how often the draft’s proposal is the token that comes. The chain is not skipped: every token is still drawn given everything before it.',
  specChecks: 'The rule at each checked proposal',
  specCheckKept: '{token}: p = {p}, q = {q}, kept with probability min(1, p/q) = {a}: kept',
  specCheckRejected: '{token}: p = {p}, q = {q}, kept with probability min(1, p/q) = {a}: rejected',
  specResidualDraw:
    'Replacement {token}: drawn from the residual max(0, p − q), normalised, where its chance was {r}.',
  specBonusDraw:
    'Bonus {token}: drawn from the model’s distribution p after the last proposal (chance {r}).',
  specOwnDraw: 'The model’s own token {token}: drawn from its distribution p (chance {r}).',
} as const;
