import type { PolicySlots } from './policy-slots';

/** No slot: the end of a list. */
const NONE = -1;

/**
 * A doubly linked list of slots in access order (least recent first), threaded through the
 * shared `prev`/`next` columns of PolicySlots; the list itself holds only its ends and counts.
 */
export class AccessOrderList {
  head = NONE;
  tail = NONE;
  /** Slots in the list. */
  size = 0;

  constructor(private readonly slots: PolicySlots) {}

  /** The least recently used slot, or -1 when empty. */
  peekFirst(): number {
    return this.head;
  }

  /** The slot after `slot` towards the most recent end, or -1 at the end. */
  after(slot: number): number {
    return this.slots.next[slot];
  }

  addLast(slot: number): void {
    const { prev, next } = this.slots;
    prev[slot] = this.tail;
    next[slot] = NONE;
    if (this.tail === NONE) this.head = slot;
    else next[this.tail] = slot;
    this.tail = slot;
    this.size++;
  }

  remove(slot: number): void {
    const { prev, next } = this.slots;
    const before = prev[slot];
    const after = next[slot];
    if (before === NONE) this.head = after;
    else next[before] = after;
    if (after === NONE) this.tail = before;
    else prev[after] = before;
    this.size--;
  }

  /** Whether the slot is the most recent one (a used slot there need not move). */
  isLast(slot: number): boolean {
    return this.tail === slot;
  }

  /** Every slot, least recent first (a snapshot, safe to remove from while iterating). */
  toArray(): number[] {
    const slots: number[] = [];
    for (let slot = this.head; slot !== NONE; slot = this.slots.next[slot]) slots.push(slot);
    return slots;
  }
}
