import type { TokenView } from '../../engine/tokenizer';
import { visible, type T } from './format';
import './TokenChip.css';

/** One token as a chip: its text (control characters as glyphs), its id and bytes on hover. */
export function TokenChip(props: { token: TokenView; id: number; t: T }) {
  const { token, id, t } = props;
  const title = t('sdTokenTitle', { id, hex: token.hex });
  return (
    <span
      className={`sd-token${token.complete ? '' : ' sd-fragment'}`}
      title={token.complete ? title : `${title} · ${t('sdFragment')}`}
    >
      {visible(token.label)}
    </span>
  );
}
