/**
 * `npm run bench:kernels`: why the q8 file is not faster in the browser. Times the same product
 * (12 matrices of GPT-2's MLP shape [768, 3072], one token's row) as float32 MatMul and as 8-bit
 * MatMulInteger (int8 weights with per-column scales as the q8 files ship them, and uint8 with zero
 * point 128) — on onnxruntime-web's WASM build (the browser's kernels, run in Node, 1 thread) and
 * on onnxruntime-node (native), side by side.
 */
import * as native from 'onnxruntime-node';
import * as web from 'onnxruntime-web';
import { GraphBuilder } from './onnx/graphBuilder';
import { DataType } from './onnx/onnxSchema';
import { addQuantized, quantizeColumns, quantizedLinear } from './onnx/quantize';

const ROWS = 768;
const COLS = 3072;
const MATRICES = 12;
const RUNS = 40;
type Kind = 'fp32' | 'int8' | 'uint8';

/** y = Σ x·W_l over the matrices, so no product can be pruned as unused. */
function buildModel(kind: Kind): Uint8Array {
  const g = new GraphBuilder('kernels');
  g.input('x', DataType.FLOAT, [1, ROWS]);
  g.output('y', DataType.FLOAT, [1, COLS]);
  const products: string[] = [];
  for (let l = 0; l < MATRICES; l++) {
    const w = Float32Array.from({ length: ROWS * COLS }, (_, i) => Math.sin(i * 0.37 + l) * 0.05);
    const name = `w${l}`;
    if (kind === 'fp32') {
      g.floatInit(name, [ROWS, COLS], w);
      products.push(g.op('MatMul', ['x', name]));
      continue;
    }
    if (kind === 'int8') {
      // Exactly what the q8 files ship (quantize.ts): per-column int8, rescaled after.
      const quantized = addQuantized(g, name, [ROWS, COLS], quantizeColumns(w, ROWS, COLS));
      products.push(quantizedLinear(g, 'x', quantized, null, `${name}/y`));
      continue;
    }
    // The same product with uint8 weights and zero point 128 (the kernels' other path).
    const [xq, xScale, xZero] = g.node('DynamicQuantizeLinear', ['x'], 3);
    g.uint8Init(
      name,
      [ROWS, COLS],
      Uint8Array.from(w, (v) => v * 2540 + 128),
    );
    const zero = g.uint8Init(`${name}.zero`, [], new Uint8Array([128]));
    const product = g.op('MatMulInteger', [xq, name, xZero, zero]);
    products.push(g.op('Mul', [g.op('Cast', [product], { to: DataType.FLOAT }), xScale]));
  }
  g.op('Sum', products, {}, 'y');
  return g.build();
}

type Runtime = typeof web | typeof native;

async function time(ort: Runtime, kind: Kind, provider: 'wasm' | 'cpu'): Promise<number> {
  const session = await ort.InferenceSession.create(buildModel(kind), {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
  });
  const input = Float32Array.from({ length: ROWS }, (_, i) => Math.cos(i));
  const feeds = { x: new ort.Tensor('float32', input, [1, ROWS]) };
  for (let i = 0; i < 10; i++) await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  await session.release();
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function main(): Promise<void> {
  web.env.wasm.numThreads = 1;
  web.env.logLevel = 'error';
  console.log(`${MATRICES} × [${ROWS}, ${COLS}], one row, 1 thread; median ms of ${RUNS} runs`);
  const kinds: Kind[] = ['fp32', 'int8', 'uint8'];
  for (const [label, ort, provider] of [
    ['onnxruntime-web WASM', web, 'wasm'],
    ['onnxruntime-node', native, 'cpu'],
  ] as const) {
    const ms: Record<string, number> = {};
    // Interleaved twice, so a burst of load elsewhere does not land on one kind only.
    for (let round = 0; round < 2; round++) {
      for (const kind of kinds) {
        const t = await time(ort, kind, provider);
        ms[kind] = Math.min(ms[kind] ?? Infinity, t);
      }
    }
    const ratios = kinds.map(
      (k) => `${k} ${ms[k].toFixed(2)} ms (${(ms.fp32 / ms[k]).toFixed(2)}×)`,
    );
    console.log(`${label.padEnd(22)} ${ratios.join('  ')}`);
  }
}

void main();
