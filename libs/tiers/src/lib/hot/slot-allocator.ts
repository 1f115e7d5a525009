import { nextCapacity } from './slot-columns';

/** No free slot. */
const END = -1;

/**
 * The values of a struct-of-arrays store by slot, and the slots' allocation: freed slots are
 * reused first, chained through the values array itself (a free slot holds the number of the
 * next free one), so the free list costs no memory; when every slot is taken, `onGrow` widens
 * the store's typed-array columns by a quarter.
 */
export class SlotAllocator<V extends object> {
  /** Each slot's value, or, for a free slot, the next free slot's number. */
  readonly values: (V | number)[] = [];
  capacity = 0;
  private freeHead = END;
  /** Slots handed out at least once: below it, every slot is in use or on the free chain. */
  private used = 0;

  constructor(private readonly onGrow: (capacity: number) => void) {}

  /** A slot now holding `value`. */
  allocate(value: V): number {
    let slot = this.freeHead;
    if (slot !== END) {
      this.freeHead = this.values[slot] as number;
    } else {
      if (this.used === this.capacity) {
        this.capacity = nextCapacity(this.capacity, this.used + 1);
        this.onGrow(this.capacity);
      }
      slot = this.used++;
    }
    this.values[slot] = value;
    return slot;
  }

  release(slot: number): void {
    this.values[slot] = this.freeHead;
    this.freeHead = slot;
  }

  /** Forgets every slot (the store is emptied); the columns keep their size. */
  clear(): void {
    this.values.length = 0;
    this.freeHead = END;
    this.used = 0;
  }
}
