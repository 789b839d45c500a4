/**
 * English text of the lesson: the chapters (each a short text, a question and its answer, and
 * what changes with the real GPT-2), the panel's controls, the AR(p) toy and the comparison
 * table; zh-CN-lesson.ts mirrors it.
 */
export const enLesson = {
  lessonToggle: 'Lesson',
  lessonToggleHelp: 'Open or close the lesson: the article’s argument, chapter by chapter',
  lessonTitle: 'Lesson',
  lessonChapterOf: 'Chapter {n} of {total}',
  lessonChapters: 'Chapters',
  lessonGoTo: 'Chapter {n}: {title}',
  lessonShowMe: 'Show me',
  lessonShowMeHelp: 'Put the page into this chapter’s state with the loaded model',
  lessonShowMeBusy: 'Wait: the model is busy.',
  lessonNoDraft:
    'Speculative decoding needs a draft model, and the chosen model has no usual one (a model picked from files, or one no smaller model here shares a vocabulary with): choose a draft in the strategy settings (“Draft model”, or a Hub id below it), then Show me runs with it; or choose another model.',
  lessonOwnVocabNote:
    'This model reads its own tokenizer, not GPT-2’s: the lesson’s prompt “Once upon a time” is {n} tokens for it (GPT-2 reads 4), so its counts differ from the article’s, and the answers here are counted for it.',
  lessonOwnChatNote:
    'This model reads its own tokenizer, not GPT-2’s, and gets the prompt inside its chat template (the chat setting is on): the lesson’s prompt “Once upon a time” is {n} tokens for it, control tokens included (GPT-2 reads 4), so its counts differ from the article’s, and the answers here are counted for it.',
  lessonPrev: 'Previous chapter',
  lessonNext: 'Next chapter',
  lessonQuestion: 'Try it',
  lessonShowAnswer: 'Show the answer',
  lessonHideAnswer: 'Hide the answer',
  lessonTinyNote:
    'tiny-gpt2 has random weights: its words mean nothing, but every step works the same. {note}',
  lessonRandomNote:
    'This model has random weights at GPT-2’s size (12 layers, 768 wide): its words mean nothing, but every step computes as much as GPT-2’s and takes as long.',
  lessonClose: 'Close the lesson',
  lessonRestoreSettings: 'Restore my settings',
  lessonRestoreSettingsHelp:
    'Put back the prompt, length, cache, sampling and decoding strategy you had before “Show me” changed them (closing the lesson does it too)',
  // — the chapters —
  lesson1Title: 'One token at a time',
  lesson1Text:
    'A language model does not write a sentence at once. It reads the whole text so far, gives every possible next token a probability, picks one, adds it to the text and starts again. “Show me” runs the article’s own loop: the prompt “Once upon a time” and 19 greedy steps (always the most likely token). Each step is one block of the timeline; move through them with ← and →.',
  lesson1Question: 'How many tokens does step 19 read, and how long is the text after it?',
  lesson1Answer:
    'Step 19 reads 22 tokens: the 4 of the prompt and the 18 chosen before it. Its token makes the text 23 tokens long, the last length the article prints (5, 6, … 23).',
  lesson1AnswerOwn:
    'Step 19 reads {read} tokens: the {prompt} of the prompt and the 18 chosen before it. Its token makes the text {total} tokens long (the article, with GPT-2’s 4 prompt tokens, prints 23).',
  lesson1Gpt2:
    'With the real GPT-2 the 19 tokens are the article’s: “, the world was a place of great beauty and great danger. The world was a place of”.',
  lesson2Title: 'The chain',
  lesson2Text:
    'Each step needs the token of the step before: A, then B, then C, never C before B. “Show me” forces another token at step 2 (the model’s second choice) and lets the model go on from there. The comparison below the timeline shows both runs and the step where they part.',
  lesson2Question:
    'From which step on can the two runs differ? Why can the branch not reuse step 3 of the first run?',
  lesson2Answer:
    'From step 2, where the token was forced. Every later step read a different text, so it had to be computed again; a later token may happen to be the same, but it was never copied.',
  lesson2Gpt2: 'With the real GPT-2 the branch soon tells another story.',
  lesson3Title: 'Parallel compute, serial generation',
  lesson3Text:
    'Inside one step the hardware works in parallel: the prompt’s 4 tokens are read in one pass (the prefill, step 0). The steps themselves still come one after another. With the KV cache a step computes only its new token; without it (the article’s loop) every step computes the whole text again. “Show me” makes the same 19 steps without the cache and compares the time per step.',
  lesson3Question:
    'Without the cache, how many positions does step 19 compute? And with the cache?',
  lesson3Answer:
    'Without the cache, all 22 positions it reads; with the cache, only 1 (the 21 before it come from the cache). The tokens are the same either way: the cache saves work, not steps.',
  lesson3AnswerOwn:
    'Without the cache, all {read} positions it reads; with the cache, only 1 (the {cached} before it come from the cache). The tokens are the same either way: the cache saves work, not steps.',
  lesson3Gpt2:
    'It is so small that both runs take about as long: the work the cache saves is lost in each step’s fixed cost. With the real GPT-2 (12 layers, 768 wide) the time without the cache grows clearly from step to step.',
  lesson4Title: 'The causal mask and the KV cache',
  lesson4Text:
    'Look inside step 5. The causal mask lets each position look only at itself and the positions before it, never ahead, so a token can only be computed once the tokens before it exist. Below it, the KV cache keeps what each earlier position left for later steps; each step adds one row per layer.',
  lesson4Question:
    'In the mask of step 5, which positions may the newest token look at? How many positions does the KV cache hold after step 5?',
  lesson4Answer:
    'Itself and the 7 before it, 8 in all; the cells above the diagonal are blocked. The cache holds 8 positions per layer: the 4 of the prompt and the 4 tokens fed in since.',
  lesson4AnswerOwn:
    'The mask and the attention are drawn from the app’s own inspection graph, which only GPT-2’s family has here, so for this model “Look inside” says it has none: the mask is the same for every model (each position sees itself and the positions before it, never ahead; at step 5 the newest token sees itself and the {before} before it). The KV cache panel works: it holds {cacheAfter5} positions per layer after step 5, the {prompt} of the prompt and the 4 tokens fed in since.',
  lesson4Gpt2:
    'With the real GPT-2 built in the browser (it has the inspection file) the attention is no longer random: some heads look at the previous token, others at the first one.',
  lesson5Title: 'The “self” in autoregression',
  lesson5Text:
    'The word comes from time series. In an AR(p) model each value is a weighted sum of the series’ own last p values plus a little noise. “Auto” means the series is predicted from itself, not from outside data (the article’s example: a price predicted from the last five days only). The toy below is AR(2); step it as you step the model.',
  lesson5Question:
    'Step the toy to t = 10. Which values did it use for x₁₀? What does the language model use for its next token?',
  lesson5Answer:
    'Only x₉ and x₈ (p = 2), plus the noise ε₁₀. The language model reads every token before (up to its context window), but both feed their own output back in as the next input.',
  lesson5Gpt2: 'The toy is the same with any model: it does not use the language model.',
  lesson6Title: 'Beam search is still serial',
  lesson6Text:
    'Beam search keeps several texts (beams) instead of one; the article’s example keeps 2. At each step every beam grows by one token and only the best beams are kept. “Show me” runs it with 2 beams for 19 steps.',
  lesson6Question:
    'How many steps did beam search need for 19 tokens? Could it decide step 3 before step 2?',
  lesson6Answer:
    '19 steps, one token per step, as greedy decoding. No: step 3 grows the beams kept at step 2. Beam search looks wider, not further ahead.',
  lesson6Gpt2: 'With the real GPT-2 the best beam is often a different text from the greedy one.',
  lesson7Title: 'Parallel decoding, the same serial result',
  lesson7Text:
    'Jacobi decoding guesses several tokens ahead and checks every guess in one pass of the model. Speculative decoding lets a small, fast model (the draft) make the guesses, and the big model checks them all in one pass. Either way a guess is kept only if it is exactly the token greedy decoding chooses there, so the text is the one you get one token at a time. Each button shows one of them.',
  lesson7ShowJacobi: 'Show me Jacobi decoding',
  lesson7ShowSpec: 'Show me speculative decoding',
  lesson7Question:
    'How many model passes did Jacobi decoding need, and how many did greedy decoding? Are the tokens the same? With speculative decoding, what share of the draft’s guesses was kept?',
  lesson7Answer:
    'Read the counts in the panel: Jacobi decoding needs at most as many passes as greedy, fewer when guesses were right, and its tokens are the same. Speculative decoding shows the share kept (the acceptance rate); where a guess is wrong, the big model’s own choice takes its place, so its tokens are the same too. The check runs in parallel; the result is still the serial one.',
  lesson7Gpt2:
    'Its guesses are rarely right, so Jacobi decoding saves few passes, and its draft, made from its own weights, costs as much as it does, so speculative decoding saves no time. The real GPT-2 repeats phrases (“The world was a place of”), and guesses from earlier in the text then save several passes; its draft, distilgpt2, has half its layers.',
  lesson8Title: 'Autoregressive or not',
  lesson8Text:
    'The article sorts models by whether each output depends on the model’s own earlier outputs. Here is its table, with what you saw in this lesson.',
  lesson8Question:
    'Why can a model that writes every position at once not simply replace GPT-2 for a story?',
  lesson8Answer:
    'Each word of a story depends on the words before it. A model that writes all positions at once cannot see its own earlier choices, so its text holds together less well. That dependency is exactly what makes generation serial.',
  lesson8Gpt2: 'The table is the same with any model.',
  // — the comparison table (chapter 8) —
  lessonTableCaption: 'Model types, from the article, with what this page showed',
  lessonColType: 'Model type',
  lessonColHistory: 'Depends on its own history?',
  lessonColUses: 'Typical uses',
  lessonColSeen: 'What you saw here',
  lessonRowAr: 'Autoregressive',
  lessonRowArHistory: 'Only on its own history',
  lessonRowArUses: 'Text generation, time-series forecasting',
  lessonRowArSeen:
    'The model’s chain: {tokens} tokens in {steps} steps, one after another; the AR toy: one value per step.',
  lessonRowArSeenNone:
    'The model’s chain, one token per step (press “Show me” in chapter 1 to count them); the AR toy: one value per step.',
  lessonRowArJacobi:
    'Jacobi decoding: {tokens} tokens in {passes} passes (greedy: {greedy}), {verdict}.',
  lessonRowArSpec:
    'Speculative decoding: {tokens} tokens in {passes} passes of the model and {draft} of the draft (greedy: {greedy}), {verdict}.',
  lessonTokensSame: 'the same tokens',
  lessonTokensDiffer:
    'tokens that differ from greedy decoding’s (a file of lower precision can round a close choice the other way)',
  lessonRowNar: 'Non-autoregressive',
  lessonRowNarHistory: 'No',
  lessonRowNarUses: 'Image super-resolution, speech recognition',
  lessonRowNarSeen:
    'Not in this page: such a model computes every output position in one pass. Jacobi decoding only checks guesses in one pass and keeps what the chain would write.',
  lessonRowHybrid: 'Hybrid',
  lessonRowHybridHistory: 'Partly',
  lessonRowHybridUses: 'Dialogue systems that also use outside knowledge',
  lessonRowHybridSeen: 'Not in this page: the model here gets nothing from outside but the prompt.',
  // — the AR(p) toy (chapter 5) —
  arTitle: 'AR(2) toy',
  arFormula: 'x_t = {phi1} · x_(t−1) + {phi2} · x_(t−2) + ε_t',
  arNow: 'x_{t} = {phi1} × {x1} + {phi2} × {x2} + ε ({eps}) = {value}',
  arStart: 'x_1 = {x1} and x_2 = {x2} are given: the series’ “prompt”.',
  arStep: 'Step the toy',
  arBack: 'Toy: back one value',
  arPlay: 'Play the toy',
  arPause: 'Pause the toy',
  arReset: 'Start the toy over',
  arNoise: 'Add noise ε (seeded: the same every time)',
  arPlot: 'The series up to t = {t}: {values}',
  arPosition: 't = {t} of {total}',
  // — the settings form on narrow screens —
  formShow: 'Show the settings',
  formHide: 'Hide the settings',
} as const;
