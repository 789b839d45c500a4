/**
 * `npm run bench:kernels`: why the q8 file is not faster in the browser. Times the same product
 * (12 matrices of GPT-2's MLP shape [768, 3072], one token's row) as float32 MatMul and as 8-bit
 * MatMulInteger (int8 weights with per-column scales as the q8 files ship them, and uint8 with zero
 * point 128), and as onnxruntime's block-quantized MatMulNBits (8 and 4 bits, blocks of 32, int8
 * compute) — on onnxruntime-web's WASM build (the browser's kernels, run in Node, 1 thread) and
 * on onnxruntime-node (native), side by side.
 */
import * as native from 'onnxruntime-node';
import * as web from 'onnxruntime-web';
import { GraphBuilder } from '../src/engine/build/graphBuilder';
import { DataType, encodeModel } from '../src/engine/build/onnxSchema';
import { addQuantized, quantizeColumns, quantizedLinear } from '../src/engine/build/quantize';
import { median } from '../src/components/shared/stats';
import { blockQuantize, relativeError } from './lib/blockQuant';
import { runMain, UsageError } from './lib/cli';
import { KERNEL_KINDS, kernelLine, type KernelKind, type QuantKind } from './lib/kernelReport';

const ROWS = 768;
const COLS = 3072;
const MATRICES = 12;
const RUNS = 40;
const BLOCK = 32;
/** uint8 weights: w · UINT8_STEPS + 128, so |w| ≤ 0.05 spans 1…255. */
const UINT8_STEPS = 2540;
/** A fixed pseudo-random value in [−0.5, 0.5): products that do not cancel out. */
const noise = (i: number): number => {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return x - Math.floor(x) - 0.5;
};

/** y = Σ x·W_l over the matrices, so no product can be pruned as unused. */
function buildModel(kind: KernelKind): Uint8Array {
  const g = new GraphBuilder('kernels');
  g.input('x', DataType.FLOAT, [1, ROWS]);
  g.output('y', DataType.FLOAT, [1, COLS]);
  const products: string[] = [];
  for (let l = 0; l < MATRICES; l++) {
    const w = Float32Array.from({ length: ROWS * COLS }, (_, i) => noise(i + l * 7919) * 0.1);
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
    if (kind === 'nbits8' || kind === 'nbits4') {
      const bits = kind === 'nbits8' ? 8 : 4;
      const { packed, scales } = blockQuantize(w, ROWS, COLS, bits, BLOCK);
      g.uint8Init(name, [COLS, ROWS / BLOCK, (BLOCK * bits) / 8], packed);
      g.floatInit(`${name}.scales`, [scales.length], scales);
      // accuracy_level 4: activations in int8 too, the fast path onnxruntime has natively.
      const attrs = { K: ROWS, N: COLS, bits, block_size: BLOCK, accuracy_level: 4 };
      products.push(g.op('MatMulNBits', ['x', name, `${name}.scales`], attrs));
      continue;
    }
    // The same product with uint8 weights and zero point 128 (the kernels' other path).
    const [xq, xScale, xZero] = g.node('DynamicQuantizeLinear', ['x'], 3);
    g.uint8Init(
      name,
      [ROWS, COLS],
      Uint8Array.from(w, (v) => Math.round(v * UINT8_STEPS) + 128),
    );
    const zero = g.uint8Init(`${name}.zero`, [], new Uint8Array([128]));
    const product = g.op('MatMulInteger', [xq, name, xZero, zero]);
    const rescale = g.floatScalar('uint8.scale', 1 / UINT8_STEPS);
    const float = g.op('Mul', [g.op('Cast', [product], { to: DataType.FLOAT }), xScale]);
    products.push(g.op('Mul', [float, rescale]));
  }
  g.op('Sum', products, {}, 'y');
  const model = g.toMessage();
  // MatMulNBits is one of onnxruntime's own operators (domain com.microsoft).
  for (const node of model.graph.node) {
    if (node.op_type === 'MatMulNBits') node.domain = 'com.microsoft';
  }
  model.opset_import.push({ domain: 'com.microsoft', version: 1 });
  return encodeModel(model);
}

type Runtime = typeof web | typeof native;

/** Median ms of one run, and the product it computed. */
async function time(
  ort: Runtime,
  kind: KernelKind,
  provider: 'wasm' | 'cpu',
): Promise<{ ms: number; y: Float32Array }> {
  const session = await ort.InferenceSession.create(buildModel(kind), {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
  });
  const input = Float32Array.from({ length: ROWS }, (_, i) => noise(i + 0.5) * 2);
  const feeds = { x: new ort.Tensor('float32', input, [1, ROWS]) };
  for (let i = 0; i < 10; i++) await session.run(feeds);
  const times: number[] = [];
  let y: Float32Array = new Float32Array(0);
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const out = await session.run(feeds);
    times.push(performance.now() - t0);
    y = out.y.data as Float32Array;
  }
  await session.release();
  return { ms: median(times) ?? Number.NaN, y };
}

const KERNELS_USAGE = `Usage: npm run bench:kernels

Times one token's row through ${MATRICES} matrices of [${ROWS}, ${COLS}] as float32 MatMul, 8-bit
MatMulInteger (int8 and uint8) and MatMulNBits (8 and 4 bits), on onnxruntime-web's WASM build
in Node and on onnxruntime-node, 1 thread; median ms of ${RUNS} runs. Takes no flags.`;

async function main(argv: string[]): Promise<void> {
  if (argv.length > 0) throw new UsageError(`bench:kernels takes no flags; got ${argv.join(' ')}`);
  web.env.wasm.numThreads = 1;
  web.env.logLevel = 'error';
  console.log(`${MATRICES} × [${ROWS}, ${COLS}], one row, 1 thread; median ms of ${RUNS} runs`);
  for (const [label, ort, provider] of [
    ['onnxruntime-web WASM', web, 'wasm'],
    ['onnxruntime-node', native, 'cpu'],
  ] as const) {
    const ms = {} as Record<KernelKind, number>;
    const products = {} as Record<KernelKind, Float32Array>;
    // Interleaved twice, so a burst of load elsewhere does not land on one kind only.
    for (let round = 0; round < 2; round++) {
      for (const kind of KERNEL_KINDS) {
        const t = await time(ort, kind, provider);
        ms[kind] = Math.min(ms[kind] ?? Infinity, t.ms);
        products[kind] = t.y;
      }
    }
    const error = (kind: QuantKind): number => relativeError(products[kind], products.fp32);
    const errors = {
      int8: error('int8'),
      uint8: error('uint8'),
      nbits8: error('nbits8'),
      nbits4: error('nbits4'),
    };
    console.log(kernelLine(label, ms, errors));
  }
}

runMain(KERNELS_USAGE, main);
