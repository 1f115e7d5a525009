import type { Trace } from '../traces/read-trace';

/** Where a key is: in one of ARC's two resident lists, one of its two ghost lists, or nowhere. */
const NOWHERE = 0;
const T1 = 1;
const T2 = 2;
const B1 = 3;
const B2 = 4;
const LISTS = 5;

/**
 * ARC (Megiddo & Modha, FAST 2003) over a trace's dense key ids, every entry weighing 1: the
 * adaptive reference for traces ANCHORS.md does not cover. Lists are rings through two Int32Array
 * columns with one sentinel per list (ids `distinct + list`). Returns the hits.
 */
export function replayArc(trace: Trace, capacity: number): number {
  const sentinel = (list: number): number => trace.distinct + list;
  const prev = new Int32Array(trace.distinct + LISTS);
  const next = new Int32Array(trace.distinct + LISTS);
  const where = new Uint8Array(trace.distinct);
  const sizes = new Int32Array(LISTS);
  for (let list = 0; list < LISTS; list++)
    prev[sentinel(list)] = next[sentinel(list)] = sentinel(list);
  const unlink = (id: number): void => {
    next[prev[id]] = next[id];
    prev[next[id]] = prev[id];
    sizes[where[id]]--;
    where[id] = NOWHERE;
  };
  const pushMostRecent = (id: number, list: number): void => {
    const end = sentinel(list);
    prev[id] = prev[end];
    next[id] = end;
    next[prev[end]] = id;
    prev[end] = id;
    sizes[list]++;
    where[id] = list;
  };
  const leastRecent = (list: number): number => next[sentinel(list)];
  let target = 0; // p: T1's target size
  /** Moves T1's or T2's least recent entry to its ghost list. */
  const replace = (inB2: boolean): void => {
    if (sizes[T1] >= 1 && ((inB2 && sizes[T1] === target) || sizes[T1] > target)) {
      const id = leastRecent(T1);
      unlink(id);
      pushMostRecent(id, B1);
    } else {
      const id = leastRecent(T2);
      unlink(id);
      pushMostRecent(id, B2);
    }
  };
  let hits = 0;
  for (const id of trace.keys) {
    const list = where[id];
    if (list === T1 || list === T2) {
      hits++;
      unlink(id);
      pushMostRecent(id, T2);
    } else if (list === B1) {
      target = Math.min(capacity, target + Math.max(sizes[B2] / sizes[B1], 1));
      replace(false);
      unlink(id);
      pushMostRecent(id, T2);
    } else if (list === B2) {
      target = Math.max(0, target - Math.max(sizes[B1] / sizes[B2], 1));
      replace(true);
      unlink(id);
      pushMostRecent(id, T2);
    } else {
      const l1 = sizes[T1] + sizes[B1];
      const total = l1 + sizes[T2] + sizes[B2];
      if (l1 === capacity) {
        if (sizes[T1] < capacity) {
          unlink(leastRecent(B1));
          replace(false);
        } else {
          unlink(leastRecent(T1));
        }
      } else if (total >= capacity) {
        if (total === 2 * capacity) unlink(leastRecent(B2));
        replace(false);
      }
      pushMostRecent(id, T1);
    }
  }
  return hits;
}
