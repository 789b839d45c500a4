/** Where the figures come from: CPU, cores, load, browser and runtime versions. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { freshMemoryProbeMs, jsProbeMs } from '../shared/probes';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  /** 1-minute load average when each part started: which figures ran on a busy machine. */
  loadAtStart: Record<string, number>;
  node: string;
  chromium: string;
  /** jsProbeMs() (bench/shared/probes.ts) in this Node process; the browser's is in page.probe. */
  jsProbeNodeMs: number;
  /** freshMemoryProbeMs() (bench/shared/probes.ts) in this Node process. */
  freshMemoryProbeNodeMs: number;
  versions: Record<string, string>;
}

function versionOf(root: string, packageDir: string): string {
  try {
    const json = JSON.parse(readFileSync(join(root, packageDir, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return json.version ?? '?';
  } catch {
    return 'missing';
  }
}

export function machineInfo(root: string): MachineInfo {
  const nm = 'node_modules';
  return {
    date: new Date().toISOString(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageStart: loadavg().map((x) => Number(x.toFixed(2))),
    loadAverageEnd: [],
    loadAtStart: {},
    node: process.version,
    chromium: '',
    jsProbeNodeMs: jsProbeMs(),
    freshMemoryProbeNodeMs: freshMemoryProbeMs(),
    versions: {
      'onnxruntime-web': versionOf(root, `${nm}/onnxruntime-web`),
      'onnxruntime-node': versionOf(root, `${nm}/onnxruntime-node`),
      '@huggingface/transformers': versionOf(root, `${nm}/@huggingface/transformers`),
      'transformers.js onnxruntime-web': versionOf(
        root,
        `${nm}/@huggingface/transformers/${nm}/onnxruntime-web`,
      ),
      vite: versionOf(root, `${nm}/vite`),
    },
  };
}

export const currentLoad = (): number[] => loadavg().map((x) => Number(x.toFixed(2)));
