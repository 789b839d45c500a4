/**
 * A decoder without a model, for the strategies' tests: its logits after a context are whatever
 * `logitsAfter` says for the tokens read so far, so a test knows the exact distribution every
 * token is drawn from. It implements what the decoding strategies call (reset, rollback,
 * append, appendAll, appendRows, length, shape) and counts its passes. Test-only.
 */
import type { KvCacheDecoder } from '../decoder';
import type { ModelShape } from '../modelShape';
import { topIndices } from '../topK';

/** The logits after `context` (every token read, in order), `vocab` long. */
export type LogitsAfter = (context: readonly number[]) => Float32Array;

export class FakeDecoder {
  readonly shape: ModelShape;
  readonly allPositionsProblem = null;
  /** Model passes so far (append, appendAll, appendRows each count one). */
  passes = 0;
  private cached: number[] = [];

  constructor(
    private readonly logitsAfter: LogitsAfter,
    shape: Partial<ModelShape> & Pick<ModelShape, 'vocab'>,
  ) {
    this.shape = {
      layers: 1,
      heads: 1,
      width: 1,
      context: 1024,
      eosTokenId: shape.vocab - 1,
      layerNormEpsilon: 1e-5,
      ...shape,
    };
  }

  /** The fake where the strategies expect a decoder (it has every member they use). */
  get asDecoder(): KvCacheDecoder {
    return this as unknown as KvCacheDecoder;
  }

  get tokens(): readonly number[] {
    return this.cached;
  }

  get length(): number {
    return this.cached.length;
  }

  reset(): void {
    this.cached = [];
  }

  async rollback(length: number): Promise<void> {
    if (!Number.isInteger(length) || length < 0 || length > this.cached.length) {
      throw new Error(
        `cannot roll back to ${length} tokens: the cache holds ${this.cached.length}`,
      );
    }
    this.cached = this.cached.slice(0, length);
  }

  /** The logits after each of `ids` fed after the cache, which then holds them. */
  private feed(ids: readonly number[]): Float32Array[] {
    if (ids.length === 0) throw new Error('append needs at least one token');
    if (this.cached.length + ids.length > this.shape.context) throw new Error('context limit');
    this.passes++;
    return ids.map((id) => {
      this.cached = [...this.cached, id];
      return this.logitsAfter(this.cached);
    });
  }

  async append(ids: readonly number[]) {
    const rows = this.feed(ids);
    const logits = rows[rows.length - 1];
    return { logits, allLogits: logits, modelMs: 0 };
  }

  async appendAll(ids: readonly number[]) {
    const argmaxAll = this.feed(ids).map((row) => topIndices(row, 1)[0]);
    return { argmaxAll, modelMs: 0 };
  }

  async appendRows(ids: readonly number[]) {
    const rows = this.feed(ids);
    const out = new Float32Array(rows.length * this.shape.vocab);
    rows.forEach((row, i) => out.set(row, i * this.shape.vocab));
    return { rows: out, modelMs: 0 };
  }
}
