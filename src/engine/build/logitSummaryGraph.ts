/**
 * Graph outputs that summarise the logits for the engine (see src/engine/logitSummary.ts): TopK
 * ids, log Σ exp(x) and the softmax-weighted mean logit, for each row that got logits (one at a
 * step: the engine reads the last). They run in the runtime's vectorised kernels (under 0.1 ms
 * for 50 257 logits) and spare the engine its JavaScript pass over the vocabulary at every step.
 */
import { SUMMARY_OUTPUTS, SUMMARY_TOP } from '../logitSummary';
import type { GraphBuilder } from './graphBuilder';
import { ARGMAX_ALL, LOGIT_ROWS } from './layout';
import { DataType } from './onnxSchema';

/** Adds the summary of `logits` ([1, logit_rows, vocab], the slots interface's) as three outputs. */
export function addLogitSummary(g: GraphBuilder, logits: string, vocab: number): void {
  const k = Math.min(SUMMARY_TOP, vocab);
  g.output(SUMMARY_OUTPUTS.topIds, DataType.INT64, [1, LOGIT_ROWS, k]);
  g.output(SUMMARY_OUTPUTS.logNorm, DataType.FLOAT, [1, LOGIT_ROWS, 1]);
  g.output(SUMMARY_OUTPUTS.meanLogit, DataType.FLOAT, [1, LOGIT_ROWS, 1]);
  const kConst = g.int64Const('summary/k', [1], [k]);
  const [topValues] = g.node(
    'TopK',
    [logits, kConst],
    ['summary/top_values', SUMMARY_OUTPUTS.topIds],
    { axis: -1, largest: 1, sorted: 1 },
    'summary/top',
  );
  // Stable form: shift by the largest logit before exponentiating, add it back after the log.
  const lastAxis = g.int64Const('summary/axis', [1], [-1]);
  const max = g.op('Slice', [
    topValues,
    g.int64Const('summary/0', [1], [0]),
    g.int64Const('summary/1', [1], [1]),
    lastAxis,
  ]);
  const shifted = g.op('Sub', [logits, max], {}, 'summary/shifted');
  const weights = g.op('Exp', [shifted], {}, 'summary/exp');
  const total = g.op('ReduceSum', [weights, lastAxis], { keepdims: 1 }, 'summary/z');
  g.op('Add', [g.op('Log', [total]), max], {}, SUMMARY_OUTPUTS.logNorm);
  const weighted = g.op('ReduceSum', [g.op('Mul', [weights, shifted]), lastAxis], { keepdims: 1 });
  g.op('Add', [g.op('Div', [weighted, total]), max], {}, SUMMARY_OUTPUTS.meanLogit);
}

/**
 * `argmax_all` [1, logit_rows]: each row's first ranked id, read off the summary's TopK (which
 * puts the lower id first among equal logits). No second pass over the vocabulary: a step pays
 * for a slice of one id, and a run that asks for every fed row (Jacobi decoding) gets each row's
 * argmax without their [rows, vocab] logits leaving the runtime.
 */
export function addArgmaxAll(g: GraphBuilder): void {
  g.output(ARGMAX_ALL, DataType.INT64, [1, LOGIT_ROWS]);
  const lastAxis = g.int64Const('summary/axis', [1], [-1]);
  const first = g.op(
    'Slice',
    [
      SUMMARY_OUTPUTS.topIds,
      g.int64Const('summary/0', [1], [0]),
      g.int64Const('summary/1', [1], [1]),
      lastAxis,
    ],
    {},
    'summary/first_ids',
  );
  g.op('Squeeze', [first, lastAxis], {}, ARGMAX_ALL);
}
