/**
 * What a model check says in words: sizes, parameter counts and why a model was refused. Shared
 * by the model's check (ModelCheckField) and a speculative draft's (DraftHubField).
 */
import type { HubModelInfo } from '../../engine/hubCheck';
import { useT } from '../../i18n';
import type { ModelCheckRefusal } from '../../store/modelCheck';
import { currentSource, sourceName } from '../../store/modelSource';

export const mb = (bytes: number): string =>
  bytes >= 1e6 ? `${Math.round(bytes / 1e6)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
export const millions = (n: number): string => `${Math.round(n / 1e6)} M`;
/** What choosing a checked model downloads: its chosen ONNX file and the files beside it. */
export const downloadBytes = (model: HubModelInfo): number => model.chosen.bytes + model.extraBytes;
export type Translate = ReturnType<typeof useT>;

/** The sentence that says why a model was refused, in the page's language. */
export function refusalText(t: Translate, repo: string, refusal: ModelCheckRefusal): string {
  const named = sourceName(currentSource());
  const source = t(named.key, named.params);
  const texts: Record<ModelCheckRefusal['kind'], () => string> = {
    bad_id: () => t('modelRefusedBadId'),
    not_found: () => t('modelRefusedNotFound', { repo }),
    gated: () => t('modelRefusedGated', { repo }),
    unreachable: () =>
      t('modelRefusedUnreachable', {
        repo,
        source,
        detail: refusal.kind === 'unreachable' ? refusal.detail : '',
      }),
    encoder: () =>
      t('modelRefusedEncoder', {
        repo,
        architecture: refusal.kind === 'encoder' ? refusal.architecture : '',
      }),
    architecture: () =>
      t('modelRefusedArchitecture', {
        repo,
        architecture: refusal.kind === 'architecture' ? refusal.architecture : '',
      }),
    config: () =>
      t('modelRefusedConfig', { repo, detail: refusal.kind === 'config' ? refusal.detail : '' }),
    no_onnx: () =>
      t(
        refusal.kind === 'no_onnx' && refusal.external
          ? 'modelRefusedExternal'
          : 'modelRefusedNoOnnx',
        {
          repo,
        },
      ),
    no_tokenizer: () => t('modelRefusedNoTokenizer', { repo }),
    too_big: () =>
      refusal.kind === 'too_big'
        ? t('modelRefusedTooBig', { repo, size: mb(refusal.bytes), limit: mb(refusal.limit) })
        : '',
    server_source: () => t('modelRefusedServer'),
    tokenizer: () =>
      t('modelRefusedTokenizer', { repo, vocab: refusal.kind === 'tokenizer' ? refusal.vocab : 0 }),
    tokenizer_file: () =>
      t('modelRefusedTokenizerFile', {
        repo,
        detail: refusal.kind === 'tokenizer_file' ? refusal.detail : '',
      }),
  };
  return texts[refusal.kind]();
}
