/**
 * Where the small stores of the teaching aids and the lesson keep their state: localStorage where
 * the page may use it; otherwise (Node, storage blocked) kept in memory for the page's life.
 */
import type { StateStorage } from 'zustand/middleware';

export function pageStorage(): StateStorage {
  try {
    if (globalThis.localStorage) return globalThis.localStorage;
  } catch {
    // Reading localStorage throws where the browser blocks storage for the page.
  }
  const held = new Map<string, string>();
  return {
    getItem: (key) => held.get(key) ?? null,
    setItem: (key, value) => void held.set(key, value),
    removeItem: (key) => void held.delete(key),
  };
}
