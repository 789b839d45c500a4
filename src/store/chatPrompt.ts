/**
 * A chat model's prompt as the model reads it. A chat model (its tokenizer has a chat template,
 * Qwen2.5-Instruct, SmolLM2-Instruct) was trained on its template's turns: the page sends the
 * user's text as one user message through that template (engine/vocabulary/chatTemplate.ts), its
 * control tokens (`<|im_start|>`) encoded as such, unless the chat setting is off (`chat=0`),
 * when the text goes in as it is, as for GPT-2. The setting is kept across reloads.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { applyChatTemplate } from '../engine/vocabulary/chatTemplate';
import type { Vocabulary } from '../engine/vocabulary/types';
import { errorMessage } from '../engine/errorMessage';
import { pageStorage } from './pageStorage';

interface ChatState {
  /** Apply a chat model's template (the default). */
  chat: boolean;
}

export const CHAT_KEY = 'stepwise-chat';

export const useChatStore = create<ChatState>()(
  persist((): ChatState => ({ chat: true }), {
    name: CHAT_KEY,
    version: 1,
    storage: createJSONStorage(pageStorage),
    // Saved data is read like any outside input: anything but false keeps the default.
    merge: (saved, current) => ({
      ...current,
      chat: !(
        typeof saved === 'object' &&
        saved !== null &&
        'chat' in saved &&
        saved.chat === false
      ),
    }),
  }),
);

export function setChat(chat: boolean): void {
  useChatStore.setState({ chat });
}

export interface ModelPrompt {
  ids: number[];
  /** The text the model reads (the template's output), or null when the text goes in as it is. */
  raw: string | null;
  /** Why the template could not be applied (the text then goes in as it is). */
  templateProblem: string | null;
}

/** The ids `vocab`'s model reads for `prompt`, through its chat template when `chat` is on. */
export function modelPrompt(
  vocab: Vocabulary,
  prompt: string,
  chat = useChatStore.getState().chat,
): ModelPrompt {
  const plain = (): number[] => [...vocab.prefixIds, ...vocab.encode(prompt)];
  if (!chat || !vocab.chatTemplate) return { ids: plain(), raw: null, templateProblem: null };
  try {
    const raw = applyChatTemplate(vocab.chatTemplate, prompt);
    return { ids: vocab.encodeWithSpecials(raw), raw, templateProblem: null };
  } catch (error) {
    return { ids: plain(), raw: null, templateProblem: errorMessage(error) };
  }
}
