/**
 * A plain float64 GPT-2 forward pass: no cache, whole sequence, one token vector at a time.
 * It is the oracle the ONNX graph is checked against, so it shares no code with the graph writer
 * and favours being easy to read over being fast.
 */
import type { Gpt2Weights } from '../build/gpt2Graph';
import type { ModelShape } from '../modelShape';

/** A named tensor as read from an ONNX file: row-major float32 data. */
export interface NamedTensor {
  dims: number[];
  data: Float32Array;
}

type Vector = Float64Array;

interface Layer {
  ln1: [Float32Array, Float32Array];
  attnW: Float32Array;
  attnB: Float32Array;
  attnProjW: Float32Array;
  attnProjB: Float32Array;
  ln2: [Float32Array, Float32Array];
  fcW: Float32Array;
  fcB: Float32Array;
  mlpProjW: Float32Array;
  mlpProjB: Float32Array;
}

interface Weights {
  wte: Float32Array;
  wpe: Float32Array;
  layers: Layer[];
  lnF: [Float32Array, Float32Array];
}

/** Reads weights by their Hugging Face parameter names (e.g. from an .onnx file's initializers). */
function fromNamedTensors(shape: ModelShape, tensors: Map<string, NamedTensor>): Weights {
  const get = (name: string): Float32Array => {
    const tensor = tensors.get(name);
    if (!tensor) throw new Error(`missing weight ${name}`);
    return tensor.data;
  };
  const layers: Layer[] = [];
  for (let i = 0; i < shape.layers; i++) {
    const p = `transformer.h.${i}`;
    layers.push({
      ln1: [get(`${p}.ln_1.weight`), get(`${p}.ln_1.bias`)],
      attnW: get(`${p}.attn.c_attn.weight`),
      attnB: get(`${p}.attn.c_attn.bias`),
      attnProjW: get(`${p}.attn.c_proj.weight`),
      attnProjB: get(`${p}.attn.c_proj.bias`),
      ln2: [get(`${p}.ln_2.weight`), get(`${p}.ln_2.bias`)],
      fcW: get(`${p}.mlp.c_fc.weight`),
      fcB: get(`${p}.mlp.c_fc.bias`),
      mlpProjW: get(`${p}.mlp.c_proj.weight`),
      mlpProjB: get(`${p}.mlp.c_proj.bias`),
    });
  }
  return {
    wte: get('transformer.wte.weight'),
    wpe: get('transformer.wpe.weight'),
    layers,
    lnF: [get('transformer.ln_f.weight'), get('transformer.ln_f.bias')],
  };
}

function fromGpt2Weights(w: Gpt2Weights): Weights {
  return {
    wte: w.wte,
    wpe: w.wpe,
    layers: w.layers.map((l) => ({
      ln1: [l.ln1Gamma, l.ln1Beta],
      attnW: l.attnW,
      attnB: l.attnB,
      attnProjW: l.attnProjW,
      attnProjB: l.attnProjB,
      ln2: [l.ln2Gamma, l.ln2Beta],
      fcW: l.fcW,
      fcB: l.fcB,
      mlpProjW: l.mlpProjW,
      mlpProjB: l.mlpProjB,
    })),
    lnF: [w.lnFGamma, w.lnFBeta],
  };
}

/** Normalises x to zero mean and unit variance, then scales by gamma and shifts by beta. */
function layerNorm(x: Vector, [gamma, beta]: [Float32Array, Float32Array], eps: number): Vector {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (x[i] - mean) ** 2;
  variance /= n; // biased variance, as PyTorch's LayerNorm
  const inv = 1 / Math.sqrt(variance + eps);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = (x[i] - mean) * inv * gamma[i] + beta[i];
  return y;
}

/** Conv1D as in GPT-2: y = x @ W + b, with W stored row-major as [in, out]. */
function linear(x: Vector, w: Float32Array, b: Float32Array): Vector {
  const inDim = x.length;
  const outDim = b.length;
  const y = Float64Array.from(b);
  for (let i = 0; i < inDim; i++) {
    const xi = x[i];
    const row = i * outDim;
    for (let o = 0; o < outDim; o++) y[o] += xi * w[row + o];
  }
  return y;
}

/** GPT-2's "gelu_new": the tanh approximation of GELU. */
function geluNew(x: Vector): Vector {
  const c = Math.sqrt(2 / Math.PI);
  return x.map((v) => 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v ** 3))));
}

function add(a: Vector, b: Vector): Vector {
  return a.map((v, i) => v + b[i]);
}

/**
 * Causal multi-head self-attention over the whole sequence. `x` holds the LayerNormed inputs,
 * one vector per position; position t attends to positions 0..t. When `probs` is given, it
 * receives the attention probabilities: probs[head][t] holds the t + 1 weights of position t.
 */
function attention(shape: ModelShape, layer: Layer, x: Vector[], probs?: Vector[][]): Vector[] {
  for (let h = 0; probs && h < shape.heads; h++) probs.push([]);
  const d = shape.width;
  const hd = d / shape.heads;
  // c_attn gives [q | k | v], each d wide; head h owns columns h*hd .. (h+1)*hd of each.
  const qkv = x.map((v) => linear(v, layer.attnW, layer.attnB));
  const q = qkv.map((v) => v.subarray(0, d));
  const k = qkv.map((v) => v.subarray(d, 2 * d));
  const val = qkv.map((v) => v.subarray(2 * d, 3 * d));
  const scale = 1 / Math.sqrt(hd);
  return x.map((_, t) => {
    const merged = new Float64Array(d);
    for (let h = 0; h < shape.heads; h++) {
      const off = h * hd;
      const scores = new Float64Array(t + 1);
      for (let j = 0; j <= t; j++) {
        let dot = 0;
        for (let c = 0; c < hd; c++) dot += q[t][off + c] * k[j][off + c];
        scores[j] = dot * scale;
      }
      const max = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - max));
      const sum = weights.reduce((a, b) => a + b, 0);
      const row = weights.map((wj) => wj / sum);
      probs?.[h].push(row);
      for (let j = 0; j <= t; j++) {
        for (let c = 0; c < hd; c++) merged[off + c] += row[j] * val[j][off + c];
      }
    }
    return linear(merged, layer.attnProjW, layer.attnProjB);
  });
}

/** Tied head: logit of token v is ln_f(h) · wte[v]. */
function headLogits(shape: ModelShape, w: Weights, h: Vector): Float64Array {
  const d = shape.width;
  const x = layerNorm(h, w.lnF, shape.layerNormEpsilon);
  const logits = new Float64Array(shape.vocab);
  for (let tok = 0; tok < shape.vocab; tok++) {
    let dot = 0;
    const row = tok * d;
    for (let c = 0; c < d; c++) dot += x[c] * w.wte[row + c];
    logits[tok] = dot;
  }
  return logits;
}

/** What one whole-sequence pass saw on the way, for the inspection views. */
export interface ReferenceInspection {
  /** Row t scores the token that follows ids[0..t]. */
  logits: Float64Array[];
  /** attention[layer][head][t]: position t's t + 1 attention probabilities over 0..t. */
  attention: Float64Array[][][];
  /** residuals[layer][t]: the residual stream after block `layer` at position t. */
  residuals: Float64Array[][];
  /** lens[layer]: ln_f and the tied head applied to residuals[layer] at the last position. */
  lens: Float64Array[];
}

function forward(
  shape: ModelShape,
  weights: Gpt2Weights | Map<string, NamedTensor>,
  ids: number[],
  record: boolean,
): ReferenceInspection {
  const w = weights instanceof Map ? fromNamedTensors(shape, weights) : fromGpt2Weights(weights);
  const d = shape.width;
  const eps = shape.layerNormEpsilon;
  if (ids.length > shape.context) throw new Error(`${ids.length} tokens exceed the context`);

  // Embedding: token vector plus position vector.
  let h: Vector[] = ids.map((id, t) => {
    const v = new Float64Array(d);
    for (let c = 0; c < d; c++) v[c] = w.wte[id * d + c] + w.wpe[t * d + c];
    return v;
  });

  const attentionByLayer: Vector[][][] = [];
  const residuals: Vector[][] = [];
  // Each block: h += attn(ln_1(h)); h += mlp(ln_2(h)).
  for (const layer of w.layers) {
    const probs: Vector[][] | undefined = record ? [] : undefined;
    const attnOut = attention(
      shape,
      layer,
      h.map((v) => layerNorm(v, layer.ln1, eps)),
      probs,
    );
    h = h.map((v, t) => add(v, attnOut[t]));
    h = h.map((v) => {
      const hidden = geluNew(linear(layerNorm(v, layer.ln2, eps), layer.fcW, layer.fcB));
      return add(v, linear(hidden, layer.mlpProjW, layer.mlpProjB));
    });
    if (probs) attentionByLayer.push(probs);
    if (record) residuals.push(h);
  }
  const logits = h.map((v) => headLogits(shape, w, v));
  const lens = residuals.map((rows) => headLogits(shape, w, rows[rows.length - 1]));
  return { logits, attention: attentionByLayer, residuals, lens };
}

/**
 * Logits for every position of `ids` (each a Float64Array of `shape.vocab` scores): row t scores
 * the token that follows ids[0..t].
 */
export function referenceLogits(
  shape: ModelShape,
  weights: Gpt2Weights | Map<string, NamedTensor>,
  ids: number[],
): Float64Array[] {
  return forward(shape, weights, ids, false).logits;
}

/** The same pass as referenceLogits, also returning attention probabilities and the logit lens. */
export function referenceInspection(
  shape: ModelShape,
  weights: Gpt2Weights | Map<string, NamedTensor>,
  ids: number[],
): ReferenceInspection {
  return forward(shape, weights, ids, true);
}
