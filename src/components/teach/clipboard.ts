/**
 * Writes `text` to the clipboard; false where the browser refuses (no permission, an insecure
 * page, no clipboard at all), so that the view can say how to copy it by hand.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!globalThis.navigator?.clipboard) return false;
    await globalThis.navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
