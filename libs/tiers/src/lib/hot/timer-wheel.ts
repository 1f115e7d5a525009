/** The links a timer wheel threads through the items it schedules. */
export interface TimerLink {
  timerPrev: TimerLink;
  timerNext: TimerLink;
  /** When the item is due (ms since the epoch). */
  timerTime: number;
}

/**
 * Bucket widths per level as powers of two of milliseconds: ~1 s, ~1 min, ~1.2 h, ~19 h, ~6 days.
 * Each level's buckets together span one bucket of the next level.
 */
const SHIFTS = [10, 16, 22, 26, 29] as const;
const BUCKET_COUNTS = [64, 64, 16, 8, 1] as const;

/**
 * A hierarchical timer wheel (as in Caffeine's expiry): scheduling and cancelling are O(1), and
 * advancing visits only the buckets whose time has passed. An item in a coarse bucket cascades to a
 * finer one when its bucket comes due, at most once per level, so each item costs O(levels) in all.
 */
export class TimerWheel<T extends TimerLink> {
  private readonly levels: TimerLink[][];
  private time: number;

  constructor(now: number) {
    this.time = now;
    this.levels = BUCKET_COUNTS.map((count) => Array.from({ length: count }, () => newSentinel()));
  }

  schedule(item: T, time: number): void {
    if (item.timerNext !== item) unlink(item);
    item.timerTime = time;
    const sentinel = this.bucketFor(time);
    item.timerPrev = sentinel.timerPrev;
    item.timerNext = sentinel;
    sentinel.timerPrev.timerNext = item;
    sentinel.timerPrev = item;
  }

  cancel(item: T): void {
    if (item.timerNext !== item) unlink(item);
  }

  /** Moves time to `now` and hands every item due by then (timerTime ≤ now) to `onDue`. */
  advance(now: number, onDue: (item: T) => void): void {
    const previous = this.time;
    if (now <= previous) return;
    this.time = now;
    for (let level = 0; level < SHIFTS.length; level++) {
      const previousTicks = Math.floor(previous / 2 ** SHIFTS[level]);
      const currentTicks = Math.floor(now / 2 ** SHIFTS[level]);
      if (currentTicks <= previousTicks) break;
      this.expire(level, previousTicks, currentTicks - previousTicks, onDue);
    }
  }

  private expire(
    level: number,
    previousTicks: number,
    delta: number,
    onDue: (item: T) => void,
  ): void {
    const buckets = this.levels[level];
    const steps = Math.min(delta + 1, buckets.length);
    for (let step = 0; step < steps; step++) {
      const sentinel = buckets[(previousTicks + step) % buckets.length];
      let item = sentinel.timerNext;
      sentinel.timerPrev = sentinel.timerNext = sentinel;
      while (item !== sentinel) {
        const next = item.timerNext;
        item.timerPrev = item.timerNext = item;
        if (item.timerTime <= this.time) onDue(item as T);
        else this.schedule(item as T, item.timerTime);
        item = next;
      }
    }
  }

  /** The finest level whose span covers the delay; beyond the last level, its single bucket. */
  private bucketFor(time: number): TimerLink {
    const delay = time - this.time;
    for (let level = 0; level < SHIFTS.length - 1; level++) {
      if (delay < 2 ** SHIFTS[level + 1]) {
        const buckets = this.levels[level];
        return buckets[Math.floor(time / 2 ** SHIFTS[level]) % buckets.length];
      }
    }
    return this.levels[SHIFTS.length - 1][0];
  }
}

function newSentinel(): TimerLink {
  const sentinel = { timerTime: 0 } as TimerLink;
  sentinel.timerPrev = sentinel.timerNext = sentinel;
  return sentinel;
}

function unlink(item: TimerLink): void {
  item.timerPrev.timerNext = item.timerNext;
  item.timerNext.timerPrev = item.timerPrev;
  item.timerPrev = item.timerNext = item;
}
