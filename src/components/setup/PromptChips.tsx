import { useMemo, type ReactNode } from 'react';
import { charGroups } from '../../engine/charGroups';
import type { Vocabulary } from '../../engine/vocabulary/types';
import { useT } from '../../i18n';
import './PromptChips.css';

const MAX_CHIPS = 400;

type T = ReturnType<typeof useT>;

function Chip(props: { id: number; vocab: Vocabulary; t: T }) {
  const view = props.vocab.viewToken(props.id);
  return (
    <span
      className={`prompt-chip${view.complete ? '' : ' fragment'}`}
      data-testid="prompt-chip"
      data-token-id={props.id}
      title={props.t('sdTokenTitle', { id: props.id, hex: view.hex })}
    >
      {view.label}
    </span>
  );
}

/**
 * The prompt's tokens as the model will read them. The byte pieces that make one character
 * together (a Chinese character is often two or three) are joined by a shared underline and
 * followed by the character, once; a note says why GPT-2 splits such characters.
 */
export function PromptChips(props: { ids: readonly number[]; vocab: Vocabulary }) {
  const t = useT();
  const { ids, vocab } = props;
  const shown = useMemo(() => ids.slice(0, MAX_CHIPS), [ids]);
  const groups = useMemo(() => charGroups(shown, vocab), [shown, vocab]);
  // The note explains GPT-2's vocabulary: another model's says nothing of the kind.
  const pieces = vocab.kind === 'gpt2' && shown.some((id) => !vocab.viewToken(id).complete);
  const chips: ReactNode[] = [];
  let next = 0;
  for (const group of groups) {
    for (; next < group.start; next++)
      chips.push(<Chip key={next} id={shown[next]} vocab={vocab} t={t} />);
    chips.push(
      <span
        key={`g${group.start}`}
        className="char-group"
        data-testid="char-group"
        data-char={group.text}
        title={t('charGroup', { n: group.end - group.start, char: group.text })}
      >
        {shown.slice(group.start, group.end).map((id, k) => (
          <Chip key={group.start + k} id={id} vocab={vocab} t={t} />
        ))}
        <span className="char-group-text">{group.text}</span>
      </span>,
    );
    next = group.end;
  }
  for (; next < shown.length; next++)
    chips.push(<Chip key={next} id={shown[next]} vocab={vocab} t={t} />);
  return (
    <>
      <div
        className="prompt-chips"
        data-testid="prompt-chips"
        role="group"
        aria-label={t('promptChips')}
      >
        {chips}
        {ids.length > MAX_CHIPS && <span className="prompt-chip">…</span>}
      </div>
      {pieces && (
        <p className="field-hint" data-testid="byte-pieces-note">
          {t('bytePieces')}
        </p>
      )}
    </>
  );
}
