/** What `npm run bench:dawn` reports: a Markdown table of step times, and the greedy tokens. */
import type { EngineFigures } from '../shared/protocol';
import { contenderLabel, type DawnContender } from './dawnArgs';

export interface DawnResult extends EngineFigures, DawnContender {
  sessionMs: number;
  /** CPU threads of the WASM runtime (the WebGPU session's CPU fallback kernels run on them). */
  threads: number;
}

/** One row per contender: session ms, the step at each context any contender ran, prefill 128. */
export function dawnTable(results: DawnResult[]): string {
  const contexts = [...new Set(results.flatMap((r) => r.decode.map((d) => d.context)))];
  const head = ['contender', 'session ms', ...contexts.map((c) => `step @${c}`), 'prefill 128'];
  const rows = results.map((r) => [
    contenderLabel(r),
    String(r.sessionMs),
    ...contexts.map((c) => r.decode.find((d) => d.context === c)?.totalMs.toFixed(2) ?? ''),
    String(r.prefillMs['128'] ?? ''),
  ]);
  return [head, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** Whether every contender generated the same greedy tokens, then each one's tokens. */
export function greedySummary(results: DawnResult[]): string {
  const greedy = new Set(results.map((r) => r.greedy16.join(' ')));
  const verdict = greedy.size === 1 ? 'greedy tokens: the same everywhere' : 'greedy tokens DIFFER';
  const each = results.map((r) => `${contenderLabel(r)}: ${r.greedy16.join(' ')}`).join('; ');
  return `${verdict} ${each}`;
}
