/**
 * GPT-2's parameters from a checkpoint's tensors, by the names of the Hub's original weights
 * (`openai-community/gpt2`, `distilbert/distilgpt2`: `h.0.attn.c_attn.weight`, …, with or
 * without the `transformer.` prefix), checked against the shape that config.json implies.
 */
import type { ModelShape } from '../modelShape';
import {
  layerWeightDims,
  layerWeightNames,
  type Gpt2LayerWeights,
  type Gpt2Weights,
} from './gpt2Graph';
import { readSafetensors, type FloatTensor } from './safetensors';

export function gpt2WeightsFrom(tensors: Map<string, FloatTensor>, shape: ModelShape): Gpt2Weights {
  const d = shape.width;
  const get = (name: string, dims: number[]): Float32Array => {
    const t = tensors.get(name) ?? tensors.get(`transformer.${name}`);
    if (!t) throw new Error(`the weights have no ${name}: not a GPT-2 checkpoint?`);
    if (t.dims.join() !== dims.join()) {
      throw new Error(`${name} is [${t.dims}], config.json implies [${dims}]`);
    }
    return t.data;
  };
  const dims = layerWeightDims(d);
  const layers: Gpt2LayerWeights[] = [];
  for (let i = 0; i < shape.layers; i++) {
    const names = layerWeightNames(i);
    const layer = {} as Gpt2LayerWeights;
    for (const key of Object.keys(dims) as (keyof Gpt2LayerWeights)[]) {
      layer[key] = get(names[key].replace('transformer.', ''), dims[key]);
    }
    layers.push(layer);
  }
  return {
    wte: get('wte.weight', [shape.vocab, d]),
    wpe: get('wpe.weight', [shape.context, d]),
    layers,
    lnFGamma: get('ln_f.weight', [d]),
    lnFBeta: get('ln_f.bias', [d]),
  };
}

/** The weights of a `model.safetensors` file (its bytes may be dropped afterwards: all copied). */
export const gpt2WeightsFromSafetensors = (bytes: Uint8Array, shape: ModelShape): Gpt2Weights =>
  gpt2WeightsFrom(readSafetensors(bytes), shape);

/** The weights under the Hub checkpoint's names: the inverse of gpt2WeightsFrom (tests, bench). */
export function hubTensors(shape: ModelShape, w: Gpt2Weights): Map<string, FloatTensor> {
  const d = shape.width;
  const m = new Map<string, FloatTensor>();
  m.set('wte.weight', { dims: [shape.vocab, d], data: w.wte });
  m.set('wpe.weight', { dims: [shape.context, d], data: w.wpe });
  w.layers.forEach((layer, i) => {
    const names = layerWeightNames(i);
    const dims = layerWeightDims(d);
    for (const key of Object.keys(names) as (keyof typeof names)[]) {
      m.set(names[key].replace('transformer.', ''), { dims: dims[key], data: layer[key] });
    }
  });
  m.set('ln_f.weight', { dims: [d], data: w.lnFGamma });
  m.set('ln_f.bias', { dims: [d], data: w.lnFBeta });
  return m;
}
