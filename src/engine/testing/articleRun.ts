/**
 * The source article's run, as Hugging Face's GPT-2 (124M) gives it: greedy decoding from "Once
 * upon a time" for 19 steps. The reference every real-GPT-2 test checks against.
 */
export const ARTICLE_PROMPT = 'Once upon a time';
export const ARTICLE_PROMPT_IDS = [7454, 2402, 257, 640];
export const ARTICLE_TOKENS = [
  11, 262, 995, 373, 257, 1295, 286, 1049, 8737, 290, 1049, 3514, 13, 383, 995, 373, 257, 1295, 286,
];
export const ARTICLE_TEXT =
  ', the world was a place of great beauty and great danger. The world was a place of';
