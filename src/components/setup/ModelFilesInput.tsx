import { useState } from 'react';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { loadPickedFiles, type PickedFile } from '../../store/modelFilesImport';
import { filesFromDrop, filesFromInput } from './droppedFiles';

/**
 * A model from the user's own files: pick `config.json` and the `.onnx` file, or drop the model
 * folder. The files are checked and stored, then the model loads (modelFilesImport.ts).
 */
export function ModelFilesInput() {
  const t = useT();
  const busy = useAppStore((s) => s.model.status === 'loading' || s.live.busy);
  const [storing, setStoring] = useState(false);
  const [over, setOver] = useState(false);
  const disabled = busy || storing;

  const take = async (files: PickedFile[]): Promise<void> => {
    if (files.length === 0) return;
    setStoring(true);
    try {
      await loadPickedFiles(files);
    } finally {
      setStoring(false);
    }
  };

  return (
    <div
      className={over ? 'model-files over' : 'model-files'}
      data-testid="model-files-drop"
      aria-busy={storing}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!disabled) void filesFromDrop(e.dataTransfer).then(take);
      }}
    >
      <label className="model-files-button">
        {t('filesLoad')}
        <input
          type="file"
          multiple
          accept=".json,.onnx,application/json"
          data-testid="model-files-input"
          disabled={disabled}
          onChange={(e) => {
            const files = filesFromInput(e.currentTarget.files);
            e.currentTarget.value = ''; // the same files can be picked again
            void take(files);
          }}
        />
      </label>
      <p>{storing ? t('filesStoring') : over ? t('filesDrop') : t('filesHint')}</p>
    </div>
  );
}
