/** Which of the policy's three access-order lists a node is in. */
export const enum Region {
  Window = 0,
  Probation = 1,
  Protected = 2,
  /** Not resident: never added, or already evicted or removed. */
  None = 3,
}

/**
 * What the policy knows about one resident entry. Stores extend it with their own fields, so that
 * a lookup finds the policy's links and the cached hash in the same object without a second map.
 */
export class PolicyNode {
  prev: PolicyNode = this;
  next: PolicyNode = this;
  /** Its list's append count when it was last appended (see AccessOrderList.touch). */
  appendedAt = 0;
  /** The sketch epoch in which its estimate was seen saturated (-1: not seen): until the epoch changes, hits need not count. */
  saturatedIn = -1;
  /**
   * Declared last: a store's hit path reads it, and a subclass's first fields follow it in the
   * object's layout, so the fields a hit reads can share one cache line (see HotNode).
   */
  region: Region = Region.None;

  constructor(
    /** The key's hash, computed once: the sketch reads it on every access. */
    readonly hash: number,
    /** Weight in the policy's unit (bytes for the hot tier, 1 for a count-bounded cache). */
    public weight: number,
  ) {}
}
