/**
 * What the bench measures about a runtime beside the model: which onnxruntime-web files it
 * fetched, and two fixed pieces of plain JavaScript timed the same way in the bench worker and in
 * Node, to tell this browser's JS and memory costs from Node's on the same machine.
 */
import { median } from '../../src/components/shared/stats';

/** onnxruntime-web files this worker fetched, by file name (from Resource Timing). */
export function runtimeFiles(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((e) => e.name.split('?')[0].split('/').pop() ?? '')
    .filter((name) => /^ort.*\.(wasm|mjs)$/.test(name));
}

/**
 * A fixed piece of plain JavaScript shaped like the app's sampling (exp and a divide over a
 * vocabulary-sized array), timed in the bench worker and in Node: how fast this browser runs the
 * same JS as Node on this machine. The fastest of 201 runs (optimised code, least disturbed by other load).
 */
export function jsProbeMs(): number {
  const logits = Float32Array.from({ length: 50257 }, (_, i) => Math.sin(i));
  const times: number[] = [];
  for (let run = 0; run < 201; run++) {
    const t0 = performance.now();
    const probs = new Float64Array(logits.length);
    let z = 0;
    for (let i = 0; i < logits.length; i++) {
      probs[i] = Math.exp(logits[i]);
      z += probs[i];
    }
    for (let i = 0; i < logits.length; i++) probs[i] /= z;
    times.push(performance.now() - t0);
  }
  return Number(Math.min(...times).toFixed(3));
}

/**
 * What one decode step at context ~1000 does to memory outside the model: 24 new float32 arrays
 * of 12×1000×64 (the present.* cache, ~70 MiB) written once. Fresh memory costs page faults;
 * a browser that returns freed large buffers to the OS pays them on every step. Median ms of 7.
 */
export function freshMemoryProbeMs(): number {
  const n = 12 * 1000 * 64;
  const sources = Array.from({ length: 24 }, () => new Float32Array(n).fill(1));
  const times: number[] = [];
  for (let run = 0; run < 7; run++) {
    const t0 = performance.now();
    void sources.map((source) => {
      const copy = new Float32Array(n);
      copy.set(source);
      return copy;
    });
    times.push(performance.now() - t0);
  }
  return Number((median(times) ?? Number.NaN).toFixed(2));
}
