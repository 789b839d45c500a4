/**
 * A `Vocabulary` from the fetched text of a Hub folder's `tokenizer.json`, with its
 * `tokenizer_config.json` (special tokens, eos) and `generation_config.json` (the eos ids
 * generation stops at) where the folder has them. Everything the app cannot show honestly is
 * refused here, before any model file is opened, as a `TokenizerRefusal` with its reason.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { readChatTemplate } from './chatTemplate';
import { HubVocabulary } from './hubVocabulary';
import { TokenizerRefusal } from './refusal';
import { isRecord, tokenizerScheme } from './tokenizerScheme';
import type { Vocabulary } from './types';

export interface TokenizerFiles {
  /** `tokenizer.json`'s text. */
  tokenizer: string;
  /** `tokenizer_config.json`'s text, where the folder has one. */
  config?: string;
  /** `generation_config.json`'s text, where the folder has one. */
  generation?: string;
}

type Json = Record<string, unknown>;

function parseObject(text: string, file: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TokenizerRefusal('unreadable', `${file} is not JSON: ${String(error)}`);
  }
  if (!isRecord(value)) throw new TokenizerRefusal('unreadable', `${file} is not a JSON object`);
  return value;
}

/** A config's token field: a string, or an added-token object with `content` (older files). */
function tokenName(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.content === 'string') return value.content;
  return null;
}

/** `eos_token_id` of generation_config.json: one id or a list. */
function generationEos(generation: Json): number[] {
  const value = generation.eos_token_id;
  const ids = Array.isArray(value) ? value : [value];
  return ids.filter((id): id is number => Number.isInteger(id));
}

function build(json: Json, config: Json): { full: Tokenizer; plain: Tokenizer } {
  const added = Array.isArray(json.added_tokens) ? json.added_tokens : [];
  try {
    const full = new Tokenizer(json, config);
    // User text must not turn `<|im_end|>` into the control token, as Hugging Face's
    // `split_special_tokens`: the same pipeline without the special added tokens. It shares the
    // full tokenizer's model (a second one would cost ~1 s and ~25 MB for Qwen's) and is
    // given an empty one only to construct.
    const plain = new Tokenizer(
      {
        ...json,
        model: { type: 'BPE', vocab: {}, merges: [] },
        added_tokens: added.filter((t) => !(isRecord(t) && t.special === true)),
      },
      config,
    );
    plain.model = full.model;
    return { full, plain };
  } catch (error) {
    throw new TokenizerRefusal('library', error instanceof Error ? error.message : String(error));
  }
}

export function loadVocabulary(files: TokenizerFiles): Vocabulary {
  const json = parseObject(files.tokenizer, 'tokenizer.json');
  if (!isRecord(json.model))
    throw new TokenizerRefusal('unreadable', 'tokenizer.json has no model');
  const config =
    files.config === undefined ? {} : parseObject(files.config, 'tokenizer_config.json');
  const generation =
    files.generation === undefined ? {} : parseObject(files.generation, 'generation_config.json');
  const scheme = tokenizerScheme(json);
  const { full, plain } = build(json, config);

  const idOf = (name: string | null): number | null =>
    name === null ? null : (full.token_to_id(name) ?? null);
  const addedTokens = full.get_added_tokens_decoder();
  const specialIds = new Set<number>();
  for (const [id, token] of addedTokens) if (token.special) specialIds.add(id);
  // Tokens the config names (eos, pad, additional_special_tokens) are special where they are
  // added tokens; an ordinary vocabulary entry it names stays ordinary text.
  const named = [
    ...['bos_token', 'eos_token', 'pad_token', 'unk_token'].map((key) => tokenName(config[key])),
    ...(Array.isArray(config.additional_special_tokens)
      ? config.additional_special_tokens
      : []
    ).map(tokenName),
  ];
  for (const name of named) {
    const id = idOf(name);
    if (id !== null && addedTokens.has(id)) specialIds.add(id);
  }

  const endOfText = full.token_to_id('<|endoftext|>');
  const eosIds = [...generationEos(generation), idOf(tokenName(config.eos_token))].filter(
    (id): id is number => id !== null,
  );
  const vocabulary = new HubVocabulary({
    full,
    plain,
    scheme,
    specialIds,
    endOfTextId: endOfText !== undefined && addedTokens.has(endOfText) ? endOfText : null,
    eosIds: [...new Set(eosIds)],
    chatTemplate: files.config === undefined ? null : readChatTemplate(files.config),
  });
  // Every token must have bytes in the scheme: checked once here (~0.3 s of a ~2 s load for
  // Qwen's 151 669 tokens in Node on this machine).
  const unwritten = vocabulary.firstUnwritten();
  if (unwritten !== null) {
    throw new TokenizerRefusal(
      'token-bytes',
      `token ${unwritten} is not written in the ${scheme.kind} mapping its decoder says`,
    );
  }
  return vocabulary;
}
