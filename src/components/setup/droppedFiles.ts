/**
 * The files of a drop, with their paths: a dropped model folder (what a USB stick holds) is read
 * through its directory entries, loose files as they are. Folders are read a few levels deep,
 * enough for `gpt2/onnx/model.onnx`.
 */
import type { PickedFile } from '../../store/modelFilesImport';

const MAX_DEPTH = 3;

const isFileEntry = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile;
const isDirectoryEntry = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry =>
  entry.isDirectory;

async function collect(entry: FileSystemEntry, out: PickedFile[], depth: number): Promise<void> {
  if (isFileEntry(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    out.push({ name: file.name, path: entry.fullPath.replace(/^\//, ''), file });
  } else if (isDirectoryEntry(entry) && depth < MAX_DEPTH) {
    const reader = entry.createReader();
    // readEntries hands a large folder over in batches, then an empty one.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (batch.length === 0) break;
      for (const child of batch) await collect(child, out, depth + 1);
    }
  }
}

/** Reads a drop's files; its items must be taken before the drop handler returns (they are). */
export async function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries = [...data.items]
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const loose = [...data.files].map((file) => ({ name: file.name, path: '', file }));
  if (entries.length === 0) return loose;
  const out: PickedFile[] = [];
  for (const entry of entries) await collect(entry, out, 0);
  return out;
}

/** The files an `<input type="file">` holds, with their paths inside a picked folder. */
export const filesFromInput = (list: FileList | null): PickedFile[] =>
  [...(list ?? [])].map((file) => ({ name: file.name, path: file.webkitRelativePath, file }));
