/**
 * A growing list cut into blocks of `size`, for views memoised per block. A full block is made once
 * and then returned as the same array for as long as the list holds the same items there (keyed by
 * its first item, checked by its last; the items are immutable records), so a memoised block skips
 * it without comparing its contents, and a new step costs O(blocks), not O(items). A block that is
 * not full (the list's end) is made anew each time.
 */
export function blockMemo<S extends object, T>(
  size: number,
  make: (items: readonly S[]) => T[],
): (items: readonly S[], start: number) => T[] {
  const full = new WeakMap<S, { last: S; block: T[] }>();
  return (items, start) => {
    const end = Math.min(start + size, items.length);
    if (end - start < size) return make(items.slice(start, end));
    const kept = full.get(items[start]);
    if (kept && kept.last === items[end - 1]) return kept.block;
    const block = make(items.slice(start, end));
    full.set(items[start], { last: items[end - 1], block });
    return block;
  };
}
