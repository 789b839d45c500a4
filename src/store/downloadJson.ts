/**
 * Saving a JSON text as a file download: how a run (runFileActions.ts) and a strategy run
 * (strategyFileActions.ts) both leave the browser.
 */

/** Downloads `text` as the JSON file `fileName`, through a link to a blob released after. */
export function downloadJson(text: string, fileName: string): void {
  const blob = new Blob([text], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Released a moment later: the browser reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
