import { useT } from '../../i18n';
import { setChat, useChatStore, type ModelPrompt } from '../../store/chatPrompt';

/**
 * For a chat model: whether the prompt goes through its chat template, and the raw text the model
 * really reads (the template's turns and control tokens around the user's text), shown as text.
 */
export function ChatTemplateField(props: { modelRead: ModelPrompt }) {
  const t = useT();
  const chat = useChatStore((s) => s.chat);
  const { raw, templateProblem } = props.modelRead;
  return (
    <div className="chat-template">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={chat}
          data-testid="chat-toggle"
          onChange={(e) => setChat(e.currentTarget.checked)}
        />
        <span>{t('chatTemplateToggle')}</span>
      </label>
      {templateProblem !== null && (
        <p className="field-problem" role="status" data-testid="chat-template-problem">
          {t('chatTemplateProblem', { detail: templateProblem })}
        </p>
      )}
      {raw !== null && (
        <details className="raw-prompt-box">
          <summary>{t('rawPromptSummary')}</summary>
          <pre className="raw-prompt" data-testid="raw-prompt">
            {raw}
          </pre>
        </details>
      )}
    </div>
  );
}
