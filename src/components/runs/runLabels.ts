/**
 * How a run is named and described, the same in the run list and the comparison: its number in
 * the list, where it came from (a branch, a file), and the settings it was made with.
 */
import { isGreedy } from '../../engine/sampling';
import type { MessageKey } from '../../i18n/en';
import type { MessageParam } from '../../i18n/message';
import type { Run } from '../../store/run';

type Translate = (key: MessageKey, values?: Readonly<Record<string, MessageParam>>) => string;

/** A run's place in the list, from 1 (null when it is not listed). */
export function runNumber(run: Run, runs: readonly Run[]): number | null {
  const index = runs.findIndex((r) => r.id === run.id);
  return index < 0 ? null : index + 1;
}

/** Where the run came from: "branch of run 1 at step 3", "imported", or nothing. */
export function runOrigin(run: Run, runs: readonly Run[], t: Translate): string {
  if (run.parent) {
    const n = runs.findIndex((r) => r.id === run.parent?.runId) + 1;
    return t('runBranchOf', { n: n > 0 ? n : '?', step: run.parent.step });
  }
  return run.imported ? t('runImported') : '';
}

/**
 * The settings the run was made with, each labelled: model, strategy (with T, and top-k / top-p /
 * min-p where they cut, and the seed when it samples), "no KV cache" for a run without it, then its
 * step count.
 */
export function runSettings(run: Run, t: Translate): string {
  const sampling = run.config.sampling;
  const parts = [run.modelId];
  if (isGreedy(sampling)) parts.push(t('runGreedy'));
  else {
    parts.push(t('runSampling', { t: sampling.temperature }));
    if (sampling.topK > 0) parts.push(t('runTopK', { k: sampling.topK }));
    if (sampling.topP < 1) parts.push(t('runTopP', { p: sampling.topP }));
    const minP = sampling.minP ?? 0;
    if (minP > 0) parts.push(t('runMinP', { p: minP }));
    parts.push(t('runSeed', { seed: sampling.seed }));
  }
  if (run.config.cache === false) parts.push(t('runNoCache'));
  const count = run.steps.length;
  parts.push(count === 1 ? t('stepsOne') : t('stepsMany', { n: count }));
  return parts.join(' · ');
}

/** The start of a prompt, on one line, for a label: cut after a word where one ends late enough. */
export function promptStart(prompt: string, max = 32): string {
  // By code point: an emoji is not cut in half.
  const chars = Array.from(prompt.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  const head = chars.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).join('')}…`;
}

/** The run's name in the comparison: "Run 2 · branch of run 1 at step 3", "Run 1 · Once upon…". */
export function runName(run: Run, runs: readonly Run[], t: Translate): string {
  const n = runNumber(run, runs);
  const origin = runOrigin(run, runs, t);
  return `${t('runName', { n: n ?? '?' })} · ${origin || promptStart(run.prompt)}`;
}
