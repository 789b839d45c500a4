/**
 * A chat model's prompt as the model really reads it: its chat template (Jinja, from
 * `tokenizer_config.json`'s `chat_template`, or a folder's `chat_template.jinja`) rendered with
 * `@huggingface/jinja`, the implementation transformers.js uses, then encoded with the special
 * tokens recognised (`Vocabulary.encodeWithSpecials`). What the user typed becomes one user
 * message; the template adds the roles and control tokens around it and the generation prompt
 * after it (`<|im_start|>assistant\n` for ChatML models such as Qwen2.5 and SmolLM2-Instruct).
 */
import { Template } from '@huggingface/jinja';
import { isRecord } from './tokenizerScheme';

export interface ChatTemplate {
  /** The template's source. */
  source: string;
  /** Variables the Hub's templates read besides the messages (Llama-style `{{ bos_token }}`). */
  bosToken: string;
  eosToken: string;
}

/** A chat template that cannot be read or rendered, with the library's reason. */
export class ChatTemplateError extends Error {
  constructor(detail: string) {
    super(`the model's chat template cannot be used: ${detail}`);
    this.name = 'ChatTemplateError';
  }
}

const tokenText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.content === 'string') return value.content;
  return '';
};

/**
 * The chat template of a tokenizer_config.json (or of a separate `chat_template.jinja`, which
 * newer exports write and which wins); null for a model that has none (a base model such as
 * GPT-2 or SmolLM2-135M). A list of named templates gives its `default` one.
 */
export function readChatTemplate(configText: string, jinjaFile?: string): ChatTemplate | null {
  let config: unknown;
  try {
    config = JSON.parse(configText);
  } catch (error) {
    throw new ChatTemplateError(`tokenizer_config.json is not JSON (${String(error)})`);
  }
  if (!isRecord(config)) throw new ChatTemplateError('tokenizer_config.json is not an object');
  const named = config.chat_template;
  const listed = Array.isArray(named)
    ? named.find((entry) => isRecord(entry) && entry.name === 'default')
    : undefined;
  const fromConfig =
    typeof named === 'string'
      ? named
      : isRecord(listed) && typeof listed.template === 'string'
        ? listed.template
        : null;
  const source = jinjaFile ?? fromConfig;
  if (source === null || source.trim() === '') return null;
  return { source, bosToken: tokenText(config.bos_token), eosToken: tokenText(config.eos_token) };
}

/** The text the model reads for `userText` sent as one user message, ready for its answer. */
export function applyChatTemplate(template: ChatTemplate, userText: string): string {
  let compiled: Template;
  try {
    compiled = new Template(template.source);
  } catch (error) {
    throw new ChatTemplateError((error as Error).message);
  }
  try {
    return compiled.render({
      messages: [{ role: 'user', content: userText }],
      add_generation_prompt: true,
      bos_token: template.bosToken,
      eos_token: template.eosToken,
    });
  } catch (error) {
    throw new ChatTemplateError((error as Error).message);
  }
}
