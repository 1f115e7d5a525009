import { grownLinkColumn, type LinkColumn } from './slot-columns';

/**
 * Bucket widths per level as powers of two of milliseconds: ~1 s, ~1 min, ~1.2 h, ~19 h, ~6 days.
 * Each level's buckets together span one bucket of the next level.
 */
const SHIFTS = [10, 16, 22, 26, 29] as const;
const BUCKET_COUNTS = [64, 64, 16, 8, 1] as const;
/** Each level's bucket width in milliseconds (2^shift), computed once rather than on every schedule. */
const SPANS = SHIFTS.map((shift) => 2 ** shift);
/** Each bucket's sentinel takes a link index before the slots'. */
const SENTINELS = BUCKET_COUNTS.reduce((sum, count) => sum + count, 0);
const LEVEL_OFFSETS = BUCKET_COUNTS.map((_, level) =>
  BUCKET_COUNTS.slice(0, level).reduce((sum, count) => sum + count, 0),
);

/**
 * A hierarchical timer wheel (as in Caffeine's expiry) over slots: scheduling and cancelling are
 * O(1), and advancing visits only the buckets whose time has passed. A slot in a coarse bucket
 * cascades to a finer one when its bucket comes due, at most once per level, so each costs
 * O(levels) in all. Its links are two link columns (index = slot + SENTINELS, the bucket
 * sentinels first; 16 bits wide while the indices fit). It keeps no due times of its own: a slot's time is its owner's to keep (the
 * hot tier's entries carry it), and `dueTime` reads it back when a bucket comes due, which spares
 * every slot a Float64Array cell (8 bytes an entry).
 */
export class TimerWheel {
  private prev: LinkColumn = new Uint16Array(SENTINELS);
  private next: LinkColumn = new Uint16Array(SENTINELS);
  private time: number;
  /** Slots the columns have room for. */
  private capacity = 0;

  constructor(
    now: number,
    /** When a scheduled slot is due (ms since the epoch): the time it was last scheduled for. */
    private readonly dueTime: (slot: number) => number,
    capacity = 0,
  ) {
    this.time = now;
    for (let index = 0; index < SENTINELS; index++) this.prev[index] = this.next[index] = index;
    this.grow(capacity);
  }

  /** Room for slots below `capacity`. */
  grow(capacity: number): void {
    const from = this.capacity;
    if (capacity <= from) return;
    this.capacity = capacity;
    this.prev = grownLinkColumn(this.prev, capacity + SENTINELS);
    this.next = grownLinkColumn(this.next, capacity + SENTINELS);
    for (let index = from + SENTINELS; index < capacity + SENTINELS; index++) {
      this.prev[index] = this.next[index] = index;
    }
  }

  /** Schedules the slot for `time`, which `dueTime(slot)` must give back until it is rescheduled or cancelled. */
  schedule(slot: number, time: number): void {
    const index = slot + SENTINELS;
    if (this.next[index] !== index) this.unlink(index);
    const sentinel = this.bucketFor(time);
    const last = this.prev[sentinel];
    this.prev[index] = last;
    this.next[index] = sentinel;
    this.next[last] = index;
    this.prev[sentinel] = index;
  }

  cancel(slot: number): void {
    const index = slot + SENTINELS;
    if (this.next[index] !== index) this.unlink(index);
  }

  /** Moves time to `now` and hands every slot due by then (dueTime ≤ now) to `onDue`. */
  advance(now: number, onDue: (slot: number) => void): void {
    const previous = this.time;
    if (now <= previous) return;
    this.time = now;
    for (let level = 0; level < SHIFTS.length; level++) {
      const previousTicks = Math.floor(previous / SPANS[level]);
      const currentTicks = Math.floor(now / SPANS[level]);
      if (currentTicks <= previousTicks) break;
      this.expire(level, previousTicks, currentTicks - previousTicks, onDue);
    }
  }

  private expire(
    level: number,
    previousTicks: number,
    delta: number,
    onDue: (slot: number) => void,
  ): void {
    const count = BUCKET_COUNTS[level];
    const steps = Math.min(delta + 1, count);
    for (let step = 0; step < steps; step++) {
      const sentinel = LEVEL_OFFSETS[level] + ((previousTicks + step) % count);
      let index = this.next[sentinel];
      this.prev[sentinel] = this.next[sentinel] = sentinel;
      while (index !== sentinel) {
        const following = this.next[index];
        this.prev[index] = this.next[index] = index;
        const slot = index - SENTINELS;
        const due = this.dueTime(slot);
        if (due <= this.time) onDue(slot);
        else this.schedule(slot, due);
        index = following;
      }
    }
  }

  /** The finest level whose span covers the delay; beyond the last level, its single bucket. */
  private bucketFor(time: number): number {
    const delay = time - this.time;
    for (let level = 0; level < SHIFTS.length - 1; level++) {
      if (delay < SPANS[level + 1]) {
        return LEVEL_OFFSETS[level] + (Math.floor(time / SPANS[level]) % BUCKET_COUNTS[level]);
      }
    }
    return LEVEL_OFFSETS[SHIFTS.length - 1];
  }

  private unlink(index: number): void {
    const before = this.prev[index];
    const after = this.next[index];
    this.next[before] = after;
    this.prev[after] = before;
    this.prev[index] = this.next[index] = index;
  }
}
