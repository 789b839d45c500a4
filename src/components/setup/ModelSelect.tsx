import {
  BUILT_REPOS,
  builtModel,
  hubModel,
  localModel,
  modelFromId,
} from '../../engine/modelCatalog';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';

const mb = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;

/** How the list names each repo offered for a build. */
const BUILT_NAMES: Record<(typeof BUILT_REPOS)[number], string> = {
  'openai-community/gpt2': 'GPT-2 (124M)',
  'distilbert/distilgpt2': 'distilgpt2 (82M)',
};

export function ModelSelect(props: {
  value: string;
  disabled: boolean;
  onChange: (id: string) => void;
}) {
  const t = useT();
  const ready = useAppStore((s) => s.availability.ready);
  const hub = hubModel();
  const hubQ8 = hubModel(undefined, 'q8');
  const options = [
    { id: localModel('tiny-gpt2').id, label: t('modelTiny') },
    { id: localModel('gpt2').id, label: t('modelGpt2Local') },
    { id: hub.id, label: t('modelGpt2Hub', { size: mb(hub.approxBytes) }) },
    { id: hubQ8.id, label: t('modelGpt2HubQ8', { size: mb(hubQ8.approxBytes) }) },
    // Built here from the original weights: the app's own files, inspection included.
    ...BUILT_REPOS.flatMap((repo) =>
      (['fp32', 'q8'] as const).map((precision) => {
        const spec = builtModel(repo, precision);
        const name = BUILT_NAMES[repo];
        const size = mb(spec.approxBytes);
        return {
          id: spec.id,
          label: t(precision === 'q8' ? 'modelBuiltQ8' : 'modelBuilt', { name, size }),
        };
      }),
    ),
    { id: localModel('gpt2-shaped').id, label: t('modelShaped') },
    // 8-bit variants of the site's own models: a quarter of the download (see modelCatalog.ts).
    ...(['tiny-gpt2', 'gpt2', 'gpt2-shaped'] as const).map((name) => {
      const spec = localModel(name, 'q8');
      return { id: spec.id, label: t('modelQ8', { name, size: mb(spec.approxBytes) }) };
    }),
    // Models loaded from the user's files, kept in the browser's cache.
    ...ready
      .filter((id) => modelFromId(id)?.origin === 'files')
      .map((id) => ({ id, label: t('modelFiles', { name: id.replace('@files', '') }) })),
  ];
  // A model named by URL or an import that this list does not offer still shows as itself.
  if (!options.some((o) => o.id === props.value))
    options.push({ id: props.value, label: props.value });
  return (
    <label className="field">
      <span>{t('model')}</span>
      <select
        data-testid="model-select"
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {options.map((o) => (
          <option key={o.id} value={o.id} data-ready={ready.includes(o.id)}>
            {ready.includes(o.id) ? `✓ ${o.label}` : o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
