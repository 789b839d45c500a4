/** A byte count as read: B, KiB or MiB (binary units, as memory is counted). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${trim(bytes / 1024)} KiB`;
  return `${trim(bytes / (1024 * 1024))} MiB`;
}

/** One decimal, none when it is 0: 72 KiB, 1.5 MiB. */
const trim = (value: number): string => String(Number(value.toFixed(1)));
