import { describe, expect, it } from 'vitest';
import { applyChatTemplate, ChatTemplateError, readChatTemplate } from './chatTemplate';
import { loadVocabulary } from './loadVocabulary';
import { qwenTokenizerFiles } from './testing/qwenTokenizerFiles';

const PROMPT = '从前有一个小女孩';

/** A Llama-2-style template: the bos token from the config, [INST] around the user's text. */
const LLAMA2_STYLE = JSON.stringify({
  bos_token: { content: '<s>', special: true },
  eos_token: '</s>',
  chat_template:
    "{% for message in messages %}{{ bos_token + '[INST] ' + message['content'] + ' [/INST]' }}{% endfor %}",
});

describe('readChatTemplate', () => {
  it('reads Qwen’s template with its eos token, and none from a base model’s config', () => {
    const template = readChatTemplate(qwenTokenizerFiles().config);
    expect(template?.source).toContain('<|im_start|>');
    expect(template?.eosToken).toBe('<|im_end|>');
    expect(readChatTemplate(JSON.stringify({ eos_token: '<|endoftext|>' }))).toBeNull();
  });

  it('takes a list’s default template, and a chat_template.jinja over the config’s', () => {
    const listed = JSON.stringify({
      chat_template: [
        { name: 'tool_use', template: 'tools' },
        { name: 'default', template: '{{ messages[0].content }}' },
      ],
    });
    expect(readChatTemplate(listed)?.source).toBe('{{ messages[0].content }}');
    expect(readChatTemplate(listed, '{{ "file" }}')?.source).toBe('{{ "file" }}');
  });

  it('refuses a config that is not JSON', () => {
    expect(() => readChatTemplate('{')).toThrow(ChatTemplateError);
  });
});

describe('applyChatTemplate', () => {
  it('wraps the prompt in ChatML as Qwen reads it, ending with the assistant’s turn', () => {
    const template = readChatTemplate(qwenTokenizerFiles().config);
    if (!template) throw new Error('no template');
    expect(applyChatTemplate(template, PROMPT)).toBe(
      `<|im_start|>user\n${PROMPT}<|im_end|>\n<|im_start|>assistant\n`,
    );
  });

  it('gives the model its control tokens once encoded with the specials recognised', () => {
    const files = qwenTokenizerFiles();
    const vocab = loadVocabulary(files);
    const template = readChatTemplate(files.config);
    if (!template) throw new Error('no template');
    const ids = vocab.encodeWithSpecials(applyChatTemplate(template, PROMPT));
    const imStart = vocab.encodeWithSpecials('<|im_start|>');
    const imEnd = vocab.encodeWithSpecials('<|im_end|>');
    expect(imStart).toHaveLength(1);
    expect(ids.filter((id) => id === imStart[0])).toHaveLength(2);
    expect(ids.filter((id) => id === imEnd[0])).toHaveLength(1);
    expect(vocab.isSpecial(ids[0])).toBe(true);
    expect(vocab.decode(ids)).toBe(applyChatTemplate(template, PROMPT));
    // The prompt's own tokens sit inside, as the plain encoding gives them.
    const own = vocab.encode(PROMPT);
    const at = ids.findIndex((_, i) => own.every((id, j) => ids[i + j] === id));
    expect(at).toBeGreaterThan(0);
  });

  it('fills bos_token for templates that name it', () => {
    const template = readChatTemplate(LLAMA2_STYLE);
    if (!template) throw new Error('no template');
    expect(applyChatTemplate(template, 'Hi')).toBe('<s>[INST] Hi [/INST]');
  });

  it('says why a broken template cannot be used', () => {
    const broken = { source: '{% for m in messages %}', bosToken: '', eosToken: '' };
    expect(() => applyChatTemplate(broken, 'Hi')).toThrow(ChatTemplateError);
  });
});
