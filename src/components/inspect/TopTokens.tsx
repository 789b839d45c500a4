import { viewToken } from '../../engine/tokenizer';
import { percent, type T } from '../step/format';
import { TokenChip } from '../step/TokenChip';

/** A few most likely tokens, each with its probability: a lens layer's, or after a position. */
export function TopTokens(props: { top: readonly { id: number; prob: number }[]; t: T }) {
  return props.top.map(({ id, prob }) => (
    <span key={id} className="ins-lens-token">
      <TokenChip token={viewToken(id)} id={id} t={props.t} />
      <span className="ins-prob">{percent(prob)}</span>
    </span>
  ));
}
