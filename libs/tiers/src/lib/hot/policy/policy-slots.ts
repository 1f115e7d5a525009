import { grownColumn, grownLinkColumn, type LinkColumn } from '../slot-columns';

/** Which of the policy's three access-order lists a slot is in: the low two bits of its state. */
export const enum Region {
  Window = 0,
  Probation = 1,
  Protected = 2,
  /** Not resident: never added, or already evicted or removed. */
  None = 3,
}

/** The region bits of a slot's state. */
export const REGION_MASK = 3;
/**
 * State flag: no hit has reached the policy since the slot's entry was added (or replaced). A
 * store's hit path hands every hit on a slot with this flag or in probation to its read buffer,
 * and samples the rest: `(state & MUST_RECORD) !== 0`. So the first hit of every entry is seen,
 * which is what tells a departing entry that was read from one that never was.
 */
export const UNREAD = 4;
/**
 * State flag: the key is one the policy's window simulations follow (see WindowSimulations), so
 * every hit on it must reach the policy, not only the sampled ones.
 */
export const SIMULATED = 8;
/** The state bits that make a hit one the policy must see (probation: one hit promotes). */
export const MUST_RECORD = UNREAD | SIMULATED | Region.Probation;
/**
 * State flag: hit since the policy last placed the slot in its list. Every hit sets it, on the
 * hit path itself (the one policy bit a store writes there, and only when it is clear); the
 * window and the protected segment then order by CLOCK rather than by moving each used slot:
 * a slot that reaches the least recent end with this flag set gets a second chance at the most
 * recent end instead of leaving. So recency is exact for every hit while hits are sampled for
 * the sketch, and no hit pays for link writes.
 */
export const REFERENCED = 16;
/**
 * State bits 5–7: the sketch epoch, folded to 1–7 (0: not seen), in which the slot's estimate
 * was seen saturated. Counters only grow within an epoch, so until it changes a sampled hit on
 * the slot need not touch the sketch: hot keys, which most hits are on, skip it. A fold collision
 * only skips a few increments of an estimate that was saturated 7 agings ago.
 */
export const SATURATION_MASK = 0xe0;

/** The state bits that record saturation in the sketch epoch `epoch`. */
export function saturationTag(epoch: number): number {
  return ((epoch % 7) + 1) << 5;
}

/**
 * What the eviction policy knows about each slot, as columns indexed by slot (struct of arrays):
 * a resident entry costs the policy 13 bytes (17 beyond 65,535 slots, where the links widen) and
 * no object. Shared by every policy of a store (one per entry type in the hot tier), since each
 * slot belongs to exactly one of them.
 */
export class PolicySlots {
  /** Access-order links: the linked slot plus one, 0 for none (see AccessOrderList). */
  prev: LinkColumn = new Uint16Array(0);
  next: LinkColumn = new Uint16Array(0);
  /** The key's hash, computed once: the sketch reads it on every counted access. */
  hash = new Int32Array(0);
  /** Weight in the policy's unit (bytes in the hot tier, 1 for a count-bounded cache). */
  weight = new Uint32Array(0);
  /** Region (see REGION_MASK), UNREAD, SIMULATED, REFERENCED and the saturation epoch (SATURATION_MASK). */
  state = new Uint8Array(0);

  get capacity(): number {
    return this.state.length;
  }

  constructor(capacity = 0) {
    this.grow(capacity);
  }

  grow(capacity: number): void {
    const from = this.state.length;
    if (capacity <= from) return;
    this.prev = grownLinkColumn(this.prev, capacity);
    this.next = grownLinkColumn(this.next, capacity);
    this.hash = grownColumn(this.hash, capacity);
    this.weight = grownColumn(this.weight, capacity);
    this.state = grownColumn(this.state, capacity);
    this.state.fill(Region.None, from);
  }

  /** The slot's region. */
  region(slot: number): Region {
    return (this.state[slot] & REGION_MASK) as Region;
  }

  /** Whether a hit on the slot reached the policy since its entry was added or last replaced. */
  wasRead(slot: number): boolean {
    return (this.state[slot] & UNREAD) === 0;
  }
}
