import { grownColumn, nextCapacity } from './slot-columns';

/**
 * Hands out slot numbers, reusing freed ones first (a stack in an Int32Array), and grows every
 * column of its store through `onGrow` when all are taken.
 */
export class SlotAllocator {
  capacity = 0;
  private free = new Int32Array(0);
  private freeCount = 0;
  /** Slots handed out at least once: below it, every slot is in use or on the free stack. */
  private used = 0;

  constructor(private readonly onGrow: (capacity: number) => void) {}

  allocate(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.used === this.capacity) {
      this.capacity = nextCapacity(this.capacity, this.used + 1);
      this.free = grownColumn(this.free, this.capacity);
      this.onGrow(this.capacity);
    }
    return this.used++;
  }

  release(slot: number): void {
    this.free[this.freeCount++] = slot;
  }

  /** Forgets every slot (the store is emptied); the columns keep their size. */
  clear(): void {
    this.freeCount = 0;
    this.used = 0;
  }
}
