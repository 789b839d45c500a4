/**
 * Options for `vi.waitFor` in tests that wait on real work (hashing a model file, a worker
 * answering, Play's timer): Vitest's default gives up after 1 s, which a machine busy with other
 * work overran (a 13 MB model hashed and cached took longer at load 24). A wait that should never
 * end still fails, at the test's own timeout at the latest.
 */
export const WAIT = { timeout: 30_000 } as const;
