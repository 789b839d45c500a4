import { describe, expect, it } from 'vitest';
import { EMPTY_RUN_LIST, MAX_DELETED, mergeRunList, readRunList } from './runList';

describe('the saved run list', () => {
  it('adds a tab’s runs after those other tabs listed, in the tab’s order, once', () => {
    const a = mergeRunList(EMPTY_RUN_LIST, ['a1'], []);
    const b = mergeRunList(a, ['b2', 'b1'], []); // the other tab, which never saw a1
    expect(b.ids).toEqual(['a1', 'b2', 'b1']);
    // A rewrites a1 and adds a2: nothing of B's is lost, and a1 keeps its place.
    expect(mergeRunList(b, ['a1', 'a2'], []).ids).toEqual(['a1', 'b2', 'b1', 'a2']);
  });

  it('keeps a deleted run deleted whoever writes it next', () => {
    const listed = mergeRunList(EMPTY_RUN_LIST, ['a1', 'b1'], []);
    const afterDelete = mergeRunList(listed, [], ['a1']);
    expect(afterDelete).toEqual({ ids: ['b1'], deleted: ['a1'] });
    // A tab that still shows a1 writes it with its own new run: a1 stays out.
    const afterWrite = mergeRunList(afterDelete, ['a1', 'b1', 'b2'], []);
    expect(afterWrite).toEqual({ ids: ['b1', 'b2'], deleted: ['a1'] });
    // Deleting twice (both tabs) changes nothing more.
    expect(mergeRunList(afterWrite, [], ['a1'])).toEqual(afterWrite);
  });

  it('remembers the newest deletions only, up to a bound', () => {
    const ids = Array.from({ length: MAX_DELETED + 5 }, (_, i) => `run-${i}`);
    const list = mergeRunList(mergeRunList(EMPTY_RUN_LIST, ids, []), [], ids);
    expect(list.ids).toEqual([]);
    expect(list.deleted).toHaveLength(MAX_DELETED);
    expect(list.deleted.at(-1)).toBe(ids.at(-1));
  });

  it('reads a damaged list as empty and keeps only string ids', () => {
    expect(readRunList(undefined)).toEqual(EMPTY_RUN_LIST);
    expect(readRunList('x')).toEqual(EMPTY_RUN_LIST);
    expect(readRunList({ ids: ['a', 3, 'a', null, 'b'], deleted: 'c' })).toEqual({
      ids: ['a', 'b'],
      deleted: [],
    });
  });
});
