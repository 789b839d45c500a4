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
import { GraphBuilder } from '../scripts/onnx/graphBuilder';
import { DataType, encodeModel } from '../scripts/onnx/onnxSchema';
import { addQuantized, quantizeColumns, quantizedLinear } from '../scripts/onnx/quantize';

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

type Kind = 'fp32' | 'int8' | 'uint8' | 'nbits8' | 'nbits4';

/**
 * W [ROWS, COLS] as MatMulNBits stores it: per output column, blocks of BLOCK rows, each with a
 * float scale and the default zero point 2^(bits−1); 4-bit values packed low nibble first.
 */
function blockQuantize(w: Float32Array, bits: 4 | 8): { packed: Uint8Array; scales: Float32Array } {
  const blocks = ROWS / BLOCK;
  const bytesPerBlock = (BLOCK * bits) / 8;
  const zero = 1 << (bits - 1);
  const packed = new Uint8Array(COLS * blocks * bytesPerBlock);
  const scales = new Float32Array(COLS * blocks);
  for (let n = 0; n < COLS; n++) {
    for (let b = 0; b < blocks; b++) {
      let max = 0;
      for (let k = 0; k < BLOCK; k++) max = Math.max(max, Math.abs(w[(b * BLOCK + k) * COLS + n]));
      const scale = max / (zero - 1) || 1;
      scales[n * blocks + b] = scale;
      const base = (n * blocks + b) * bytesPerBlock;
      for (let k = 0; k < BLOCK; k++) {
        const q = Math.round(w[(b * BLOCK + k) * COLS + n] / scale) + zero;
        if (bits === 8) packed[base + k] = q;
        else packed[base + (k >> 1)] |= q << ((k & 1) * 4);
      }
    }
  }
  return { packed, scales };
}

/** y = Σ x·W_l over the matrices, so no product can be pruned as unused. */
function buildModel(kind: Kind): Uint8Array {
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
      const { packed, scales } = blockQuantize(w, bits);
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
  kind: Kind,
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
  return { ms: times.sort((a, b) => a - b)[Math.floor(RUNS / 2)], y };
}

/** Largest relative error accepted per kind: 8-bit values carry ~0.4 %, 4-bit ones ~7 %. */
const MAX_ERROR: Record<Exclude<Kind, 'fp32'>, number> = {
  int8: 0.02,
  uint8: 0.02,
  nbits8: 0.02,
  nbits4: 0.15,
};

/** Largest |a − b| over the largest |b|: how far a quantized product is from the float one. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

async function main(): Promise<void> {
  web.env.wasm.numThreads = 1;
  web.env.logLevel = 'error';
  console.log(`${MATRICES} × [${ROWS}, ${COLS}], one row, 1 thread; median ms of ${RUNS} runs`);
  const kinds: Kind[] = ['fp32', 'int8', 'uint8', 'nbits8', 'nbits4'];
  for (const [label, ort, provider] of [
    ['onnxruntime-web WASM', web, 'wasm'],
    ['onnxruntime-node', native, 'cpu'],
  ] as const) {
    const ms: Record<string, number> = {};
    const products: Record<string, Float32Array> = {};
    // Interleaved twice, so a burst of load elsewhere does not land on one kind only.
    for (let round = 0; round < 2; round++) {
      for (const kind of kinds) {
        const t = await time(ort, kind, provider);
        ms[kind] = Math.min(ms[kind] ?? Infinity, t.ms);
        products[kind] = t.y;
      }
    }
    const ratios = kinds.map((k) => {
      if (k === 'fp32') return `${k} ${ms[k].toFixed(2)} ms`;
      const error = relativeError(products[k], products.fp32);
      // A product this far off is not the same product: its time would mean nothing.
      if (error > MAX_ERROR[k]) {
        throw new Error(`${label} ${k}: error ${error.toFixed(3)} > ${MAX_ERROR[k]}`);
      }
      return `${k} ${ms[k].toFixed(2)} ms (${(ms.fp32 / ms[k]).toFixed(2)}×, err ${error.toFixed(3)})`;
    });
    console.log(`${label.padEnd(22)} ${ratios.join('  ')}`);
  }
}

void main();
