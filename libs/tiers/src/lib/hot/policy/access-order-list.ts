import type { PolicySlots } from './policy-slots';

/** No slot: the end of a list. */
const NONE = -1;

/**
 * A doubly linked list of slots in access order (least recent first), threaded through the
 * shared `prev`/`next` columns of PolicySlots, which hold a linked slot plus one (0: none, so that
 * an unsigned 16-bit column serves); the list itself holds only its ends and counts.
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
    return this.slots.next[slot] - 1;
  }

  addLast(slot: number): void {
    const { prev, next } = this.slots;
    prev[slot] = this.tail + 1;
    next[slot] = 0;
    if (this.tail === NONE) this.head = slot;
    else next[this.tail] = slot + 1;
    this.tail = slot;
    this.size++;
  }

  remove(slot: number): void {
    const { prev, next } = this.slots;
    const before = prev[slot] - 1;
    const after = next[slot] - 1;
    if (before === NONE) this.head = after;
    else next[before] = after + 1;
    if (after === NONE) this.tail = before;
    else prev[after] = before + 1;
    this.size--;
  }

  /** Whether the slot is the most recent one (a used slot there need not move). */
  isLast(slot: number): boolean {
    return this.tail === slot;
  }

  /** Every slot, least recent first (a snapshot, safe to remove from while iterating). */
  toArray(): number[] {
    const slots: number[] = [];
    for (let slot = this.head; slot !== NONE; slot = this.slots.next[slot] - 1) slots.push(slot);
    return slots;
  }
}
