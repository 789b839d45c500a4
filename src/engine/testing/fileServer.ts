/**
 * A server for the model fetchers' tests under Node: `files` answered under `base`, 404
 * elsewhere, each file served logged in order, and a switch that takes it offline (every request
 * then fails as fetch does without a network). Shared by modelFiles.test.ts and
 * modelFiles.tokenizer.test.ts, which check what the fetchers ask for. Test-only.
 */
export function fileServer(base: string, files: Record<string, Uint8Array>) {
  /** The files served, relative to `base`, in order. */
  const fetched: string[] = [];
  let online = true;
  const fetchImpl = (async (input: string | URL | Request) => {
    if (!online) throw new TypeError('offline');
    const url = String(input);
    const bytes = url.startsWith(base) ? files[url.slice(base.length)] : undefined;
    if (!bytes) return new Response('not found', { status: 404 });
    fetched.push(url.slice(base.length));
    return new Response(bytes.slice());
  }) as typeof fetch;
  return { fetchImpl, fetched, goOffline: () => void (online = false) };
}
