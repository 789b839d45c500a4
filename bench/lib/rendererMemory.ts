/**
 * The peak memory of a bench page's renderer process (its workers, onnxruntime's threads and
 * every ArrayBuffer included), read from Linux's /proc: a dedicated worker has no API that tells
 * it (performance.memory is the main thread's JS heap, measureUserAgentSpecificMemory is not
 * offered to dedicated workers). The page's renderer is the one Chromium started for it:
 * Chromium lists its processes over the DevTools protocol (SystemInfo.getProcessInfo).
 */
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';

interface ProcessInfo {
  type: string;
  id: number;
}

/** The pids of Chromium's renderer processes now. */
export async function rendererPids(browser: Browser): Promise<number[]> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: ProcessInfo[];
    };
    return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
  } finally {
    await cdp.detach();
  }
}

export interface ProcMemory {
  /** VmRSS: resident now, in bytes. */
  rssBytes: number;
  /** VmHWM: the peak resident set since the process started, in bytes. */
  peakBytes: number;
}

/** VmRSS and VmHWM of a /proc/PID/status text (their values are in kB). */
export function parseProcStatus(text: string): ProcMemory {
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(text);
    if (!match) throw new Error(`/proc status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kb('VmRSS'), peakBytes: kb('VmHWM') };
}

export const procMemory = (pid: number): ProcMemory =>
  parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));

export type PidMemory = ProcMemory & { pid: number };

/** The memory of those of `pids` still running (a spare renderer may have gone meanwhile). */
export function aliveMemory(pids: readonly number[], read = procMemory): PidMemory[] {
  return pids.flatMap((pid) => {
    try {
      return [{ pid, ...read(pid) }];
    } catch {
      return [];
    }
  });
}

/**
 * The renderers that appeared since `before` (a page's own). Chromium may also keep a spare
 * renderer ready, so more than one can be new: `pickPeak` takes the one that used the most.
 */
export const newPids = (before: readonly number[], after: readonly number[]): number[] =>
  after.filter((pid) => !before.includes(pid));

/** Of the candidates' memory, the one whose peak is largest (the page's own renderer). */
export function pickPeak(memories: readonly PidMemory[]): PidMemory | null {
  if (memories.length === 0) return null;
  return memories.reduce((a, b) => (b.peakBytes > a.peakBytes ? b : a));
}
