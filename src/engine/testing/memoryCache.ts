/**
 * Cache Storage in memory, for tests under Node: what the model cache's users call (match, put,
 * delete, keys), with every put recorded in order. Test-only.
 */
export class MemoryCache {
  readonly entries = new Map<string, { bytes: Uint8Array; headers: Headers }>();
  /** The URLs put, in order. */
  readonly puts: string[] = [];

  async match(url: string): Promise<Response | undefined> {
    const entry = this.entries.get(url);
    return entry && new Response(entry.bytes.slice(), { headers: entry.headers });
  }

  async put(url: string, response: Response): Promise<void> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    this.entries.set(url, { bytes, headers: new Headers(response.headers) });
    this.puts.push(url);
  }

  async delete(url: string): Promise<boolean> {
    return this.entries.delete(url);
  }

  /** Changes a stored entry in place, as a damaged disk or an old writer would have left it. */
  tamper(url: string, change: (entry: { bytes: Uint8Array; headers: Headers }) => void): void {
    change(this.entries.get(url)!);
  }

  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((url) => new Request(url));
  }

  /** The fake as the Cache type (it implements only the methods above). */
  get asCache(): Cache {
    return this as unknown as Cache;
  }
}
