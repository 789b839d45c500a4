/**
 * Which byte mapping a `tokenizer.json`'s tokens use, decided from its decoder (how the library
 * itself turns tokens back into text) and checked against its pre-tokenizer and model:
 * - byte-level (GPT-2, Qwen2, SmolLM2, Llama 3): a ByteLevel decoder, a ByteLevel pre-tokenizer
 *   and a BPE model; every token is written in the byte-level alphabet (`byteLevel.ts`);
 * - metaspace (Llama 2, TinyLlama, Mistral): a Metaspace decoder, or one that replaces `▁` with a
 *   space; BPE or Unigram, with byte-fallback pieces where the model says `byte_fallback`.
 * Anything else is refused: the app shows tokens as bytes and cannot guess them.
 */
import { TokenizerRefusal } from './refusal';

export interface TokenizerScheme {
  kind: 'byte-level' | 'metaspace';
  /** `<0xE4>` pieces stand for bytes (metaspace only). */
  byteFallback: boolean;
  /** Encoding puts a space before the text (a `▁` prefix, or ByteLevel's add_prefix_space). */
  addsPrefixSpace: boolean;
}

type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A component and, for a `Sequence`, the components in it (nested sequences flattened). */
function flatten(component: unknown, listKey: string): Json[] {
  if (!isRecord(component)) return [];
  const list = component[listKey];
  if (component.type !== 'Sequence' || !Array.isArray(list)) return [component];
  return list.flatMap((inner) => flatten(inner, listKey));
}

const METASPACE = '\u2581';

/** A Replace decoder that turns `▁` back into a space (Llama 2's older tokenizer.json). */
const replacesMetaspace = (d: Json): boolean =>
  d.type === 'Replace' &&
  isRecord(d.pattern) &&
  d.pattern.String === METASPACE &&
  d.content === ' ';

/** Whether a Metaspace pre-tokenizer adds `▁` before the text (older files: add_prefix_space). */
const metaspacePrepends = (p: Json): boolean =>
  p.prepend_scheme === undefined
    ? p.add_prefix_space !== false
    : p.prepend_scheme === 'always' || p.prepend_scheme === 'first';

function modelType(model: Json): unknown {
  // Files written by older libraries leave out a BPE model's type.
  return model.type ?? (Array.isArray(model.merges) ? 'BPE' : undefined);
}

export function tokenizerScheme(json: Json): TokenizerScheme {
  const model = isRecord(json.model) ? json.model : {};
  const type = modelType(model);
  const decoders = flatten(json.decoder, 'decoders');
  const pre = flatten(json.pre_tokenizer, 'pretokenizers');
  const normalizers = flatten(json.normalizer, 'normalizers');
  const decoderNames = decoders.map((d) => String(d.type)).join(', ') || 'none';

  if (decoders.some((d) => d.type === 'ByteLevel')) {
    const byteLevel = pre.find((p) => p.type === 'ByteLevel');
    if (!byteLevel) {
      throw new TokenizerRefusal(
        'byte-mapping',
        'the decoder is ByteLevel but the pre-tokenizer does not write bytes as ByteLevel characters',
      );
    }
    if (type !== 'BPE') {
      throw new TokenizerRefusal('model-type', `a byte-level ${String(type)} model is not BPE`);
    }
    return {
      kind: 'byte-level',
      byteFallback: false,
      addsPrefixSpace: byteLevel.add_prefix_space === true,
    };
  }

  const metaspaceDecoder = decoders.find((d) => d.type === 'Metaspace');
  if (metaspaceDecoder || decoders.some(replacesMetaspace)) {
    const replacement = metaspaceDecoder?.replacement ?? METASPACE;
    if (replacement !== METASPACE) {
      throw new TokenizerRefusal(
        'byte-mapping',
        `Metaspace replaces spaces with ${String(replacement)}`,
      );
    }
    if (type !== 'BPE' && type !== 'Unigram') {
      throw new TokenizerRefusal(
        'model-type',
        `a SentencePiece ${String(type)} model is not BPE or Unigram`,
      );
    }
    const prefix =
      normalizers.some((n) => n.type === 'Prepend' && n.prepend === METASPACE) ||
      pre.some((p) => p.type === 'Metaspace' && metaspacePrepends(p));
    return {
      kind: 'metaspace',
      byteFallback: model.byte_fallback === true,
      addsPrefixSpace: prefix,
    };
  }

  throw new TokenizerRefusal(
    'byte-mapping',
    `the decoder (${decoderNames}) is neither byte-level nor SentencePiece, so the tokens' bytes are unknown`,
  );
}
