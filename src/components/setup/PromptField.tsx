import { useDeferredValue, useMemo } from 'react';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { checkPrompt, contextLimit, type PromptCheck } from '../../store/promptCheck';
import { editPrompt, setKeepRecent } from '../../store/viewActions';
import { modelPrompt, useChatStore, type ModelPrompt } from '../../store/chatPrompt';
import { useVocabulary } from '../../store/vocabularies';
import { ChatTemplateField } from './ChatTemplateField';
import { PromptChips } from './PromptChips';

/** The prompt as the model will see it: its tokens, and whether they fit the context. */
export function usePromptCheck(): PromptCheck & {
  count: number;
  /** False while the model's vocabulary is not here (a Hub model before its load): no count. */
  counted: boolean;
  promptIds: number[];
  vocab: Vocabulary;
  modelRead: ModelPrompt;
} {
  const prompt = useAppStore((s) => s.settings.prompt);
  const modelId = useAppStore((s) => s.settings.modelId);
  const keepRecent = useAppStore((s) => s.settings.keepRecent);
  const steps = useAppStore((s) => s.settings.steps);
  const shape = useAppStore((s) => (s.model.id === modelId ? s.model.shape : null));
  // Tokenising a long Chinese prompt takes a noticeable time (bench/README.md): let typing stay
  // ahead of the chips.
  const deferred = useDeferredValue(prompt);
  // The selected model's own vocabulary, as Generate encodes the prompt (engineActions.ts).
  const vocab = useVocabulary(modelId);
  const chat = useChatStore((s) => s.chat);
  const modelRead = useMemo(() => modelPrompt(vocab, deferred, chat), [deferred, vocab, chat]);
  const promptIds = modelRead.ids;
  // Bare ids (idVocabulary.ts) encode nothing: a text is not empty for them, only not counted
  // yet. Generate loads the model first, which brings its tokenizer (engineActions.ts).
  const counted = vocab.kind !== 'ids';
  const check: PromptCheck = counted
    ? checkPrompt(promptIds, contextLimit(modelId, shape), keepRecent, steps)
    : deferred === ''
      ? { ok: false, reason: 'empty' }
      : { ok: true, ids: [], truncatedFrom: null };
  return { ...check, count: promptIds.length, counted, promptIds, vocab, modelRead };
}

export function PromptField() {
  const t = useT();
  const prompt = useAppStore((s) => s.settings.prompt);
  const keepRecent = useAppStore((s) => s.settings.keepRecent);
  const check = usePromptCheck();
  const tooLong = !check.ok && check.reason === 'too_long';
  return (
    <>
      <label className="field">
        <span>
          {t('prompt')}{' '}
          <small>
            {check.counted ? t('promptTokens', { n: check.count }) : t('promptTokensLater')}
          </small>
        </span>
        <textarea
          data-testid="prompt-input"
          value={prompt}
          rows={4}
          maxLength={100_000}
          aria-invalid={!check.ok}
          onChange={(e) => editPrompt(e.currentTarget.value)}
        />
      </label>
      {!check.ok && (
        <p className="field-problem" data-testid="prompt-problem" role="status">
          {check.reason === 'empty'
            ? t('promptEmpty')
            : t('promptTooLong', { n: check.count, limit: check.limit })}
        </p>
      )}
      {(tooLong || keepRecent) && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={keepRecent}
            data-testid="keep-recent-input"
            onChange={(e) => setKeepRecent(e.currentTarget.checked)}
          />
          <span>{t('keepRecent')}</span>
        </label>
      )}
      {check.vocab.chatTemplate && <ChatTemplateField modelRead={check.modelRead} />}
      {check.count > 0 && <PromptChips ids={check.promptIds} vocab={check.vocab} />}
    </>
  );
}
