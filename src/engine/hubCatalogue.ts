/**
 * The short list of Hub models the page offers by name, beside GPT-2 small (the app's own
 * model): the ones users ask for. Each is a public repo in the transformers.js ONNX layout;
 * picking one runs the same check as a typed id (hubCheck.ts) before anything is downloaded, so
 * the sizes shown are the repo's own, read at that moment. `id` is what `?model=` takes.
 */
export interface CatalogueModel {
  id: string;
  repo: string;
  /** The name as the model's authors write it. */
  name: string;
  /** Parameters, from the model card (the check recounts them from config.json). */
  parameters: number;
  /** Languages it writes well, as BCP 47 tags. */
  languages: readonly string[];
  /** A chat (instruct) model: its prompt goes through its chat template. */
  chat: boolean;
}

export const HUB_CATALOGUE: readonly CatalogueModel[] = [
  {
    id: 'distilgpt2',
    repo: 'Xenova/distilgpt2',
    name: 'distilgpt2',
    parameters: 82e6,
    languages: ['en'],
    chat: false,
  },
  {
    id: 'gpt2-medium',
    repo: 'Xenova/gpt2-medium',
    name: 'GPT-2 medium',
    parameters: 355e6,
    languages: ['en'],
    chat: false,
  },
  {
    id: 'smollm2-135m',
    repo: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    name: 'SmolLM2-135M-Instruct',
    parameters: 135e6,
    languages: ['en'],
    chat: true,
  },
  {
    id: 'qwen2.5-0.5b',
    repo: 'onnx-community/Qwen2.5-0.5B-Instruct',
    name: 'Qwen2.5-0.5B-Instruct',
    parameters: 494e6,
    languages: ['zh', 'en'],
    chat: true,
  },
];

/** The catalogue entry a `?model=` id names, if any. */
export const catalogueModel = (id: string): CatalogueModel | undefined =>
  HUB_CATALOGUE.find((m) => m.id === id);
