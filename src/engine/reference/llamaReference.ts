/**
 * A plain float64 forward pass of a Llama-family decoder (Llama, SmolLM2, Qwen2): RMSNorm,
 * rotary position embeddings in Hugging Face's "rotate_half" convention, grouped-query attention,
 * a SwiGLU MLP. No cache, the whole sequence, one vector at a time: the oracle the ONNX graph is
 * checked against, so it shares no code with the graph writer and favours being easy to read.
 */
import type { LlamaLayerWeights, LlamaWeights } from '../build/llamaWeights';
import type { LlamaShape } from '../llamaShape';

type Vector = Float64Array;

/** x / sqrt(mean(x²) + eps) · gain, as Hugging Face's LlamaRMSNorm (no mean subtracted, no bias). */
export function rmsNorm(x: ArrayLike<number>, gain: ArrayLike<number>, eps: number): Vector {
  let sumSquares = 0;
  for (let i = 0; i < x.length; i++) sumSquares += x[i] * x[i];
  const inv = 1 / Math.sqrt(sumSquares / x.length + eps);
  return Float64Array.from({ length: x.length }, (_, i) => x[i] * inv * gain[i]);
}

/**
 * Rotates one head's vector (length hd) to `position`: the pair (i, i + hd/2) turns by the angle
 * position · theta^(−2i/hd). This pairing of each value with the one half a head away is
 * Hugging Face's `rotate_half` (x·cos + rotate_half(x)·sin), not the interleaved pairs of the
 * original paper; checkpoints are permuted to match it.
 */
export function rotary(x: ArrayLike<number>, position: number, theta: number): Vector {
  const hd = x.length;
  const half = hd / 2;
  const y = new Float64Array(hd);
  for (let i = 0; i < half; i++) {
    const angle = position * theta ** (-(2 * i) / hd);
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    y[i] = x[i] * cos - x[i + half] * sin;
    y[i + half] = x[i + half] * cos + x[i] * sin;
  }
  return y;
}

/** y = W x (+ b), with W in nn.Linear's row-major [out, in] layout. */
function linear(x: Vector, w: Float32Array, b?: Float32Array): Vector {
  const inDim = x.length;
  const outDim = w.length / inDim;
  const y = new Float64Array(outDim);
  for (let o = 0; o < outDim; o++) {
    let sum = b ? b[o] : 0;
    const row = o * inDim;
    for (let i = 0; i < inDim; i++) sum += w[row + i] * x[i];
    y[o] = sum;
  }
  return y;
}

const silu = (v: number): number => v / (1 + Math.exp(-v));

/**
 * Causal grouped-query attention over the whole sequence: query head h reads key/value head
 * floor(h / (heads / kvHeads)), as Hugging Face's `repeat_kv` lays them out. `x` holds the
 * normalised inputs; returns o_proj of the merged heads at every position.
 */
function attention(shape: LlamaShape, layer: LlamaLayerWeights, x: Vector[]): Vector[] {
  const hd = shape.width / shape.heads;
  const group = shape.heads / shape.kvHeads;
  const headOf = (v: Vector, h: number): Vector => v.subarray(h * hd, (h + 1) * hd);
  const rotateAll = (v: Vector, heads: number, t: number): Vector => {
    const out = new Float64Array(v.length);
    for (let h = 0; h < heads; h++) out.set(rotary(headOf(v, h), t, shape.ropeTheta), h * hd);
    return out;
  };
  const q = x.map((v, t) => rotateAll(linear(v, layer.qW, layer.qB), shape.heads, t));
  const k = x.map((v, t) => rotateAll(linear(v, layer.kW, layer.kB), shape.kvHeads, t));
  const val = x.map((v) => linear(v, layer.vW, layer.vB));
  const scale = 1 / Math.sqrt(hd);
  return x.map((_, t) => {
    const merged = new Float64Array(shape.heads * hd);
    for (let h = 0; h < shape.heads; h++) {
      const kv = Math.floor(h / group);
      const query = headOf(q[t], h);
      const scores = Array.from({ length: t + 1 }, (_, j) => {
        const key = headOf(k[j], kv);
        let dot = 0;
        for (let c = 0; c < hd; c++) dot += query[c] * key[c];
        return dot * scale;
      });
      const max = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - max));
      const sum = weights.reduce((a, b) => a + b, 0);
      for (let j = 0; j <= t; j++) {
        const value = headOf(val[j], kv);
        for (let c = 0; c < hd; c++) merged[h * hd + c] += (weights[j] / sum) * value[c];
      }
    }
    return linear(merged, layer.oW);
  });
}

/** SwiGLU: down(silu(gate(x)) ⊙ up(x)). */
function mlp(layer: LlamaLayerWeights, x: Vector): Vector {
  const gate = linear(x, layer.gateW);
  const up = linear(x, layer.upW);
  return linear(
    gate.map((g, i) => silu(g) * up[i]),
    layer.downW,
  );
}

/**
 * Logits for every position of `ids` (each a Float64Array of `shape.vocab` scores): row t scores
 * the token that follows ids[0..t].
 */
export function referenceLlamaLogits(
  shape: LlamaShape,
  w: LlamaWeights,
  ids: readonly number[],
): Float64Array[] {
  const d = shape.width;
  const eps = shape.layerNormEpsilon;
  if (ids.length > shape.context) throw new Error(`${ids.length} tokens exceed the context`);
  // No position table: positions enter through the rotation of queries and keys alone.
  let h: Vector[] = ids.map((id) => Float64Array.from(w.embed.subarray(id * d, (id + 1) * d)));
  for (const layer of w.layers) {
    const attnOut = attention(
      shape,
      layer,
      h.map((v) => rmsNorm(v, layer.inputNorm, eps)),
    );
    h = h.map((v, t) => v.map((x, c) => x + attnOut[t][c]));
    h = h.map((v) => {
      const out = mlp(layer, rmsNorm(v, layer.postNorm, eps));
      return v.map((x, c) => x + out[c]);
    });
  }
  const head = w.lmHead ?? w.embed;
  return h.map((v) => linear(rmsNorm(v, w.norm, eps), head));
}
