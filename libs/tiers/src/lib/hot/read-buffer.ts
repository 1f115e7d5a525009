import { MUST_RECORD, REFERENCED, Region } from './policy/policy-slots';

/** Sampled hits held before the policy sees them; a full buffer drains at once, so memory stays bounded. */
export const READ_BUFFER_CAPACITY = 64;
/**
 * On average one hit in this many is sampled: it stands for the hits skipped since the last and
 * counts as that many in the sketch. Like Caffeine's lossy read buffer, this trades a little
 * precision on hot keys, whose counts saturate anyway, for a cheaper hit.
 */
export const HIT_SAMPLE_RATE = 4;

/** Where drained hits go: to the slot's policy, in the order they happened. */
export interface BufferedHitSink {
  /** A sampled hit (or one in probation): counts in the sketch and moves the slot. */
  sampled(slot: number): void;
  /** A hit the sampling skipped that the policy must see (a first read, a simulated key). */
  unsampled(slot: number): void;
}

/**
 * Caffeine's read buffer, single-threaded, over slots: a hit only decrements a countdown and,
 * when it runs out (or the slot is in probation, where a hit promotes), appends the slot to a
 * fixed Int32Array. The policy's bookkeeping (sketch increment, reordering) runs in batches when
 * the buffer fills or before the next miss or write, so the policy sees every sampled hit before
 * it decides anything, in the order they happened. A slot's first hit since it was stored is
 * always appended too, as `~slot` when the sampling would have skipped it: draining it only marks
 * the slot read, so every departing entry is known read or unread while the sampling, and so the
 * policy's decisions, stay what they were. Hit-path callers inline `record`.
 *
 * Slots are reused, so the store must drain before it frees one: a buffered slot is then always
 * the entry that was hit.
 */
export class ReadBuffer {
  /** Hits until the next sample; at zero or below, the hit is sampled. */
  untilSample = 1;
  private readonly slots = new Int32Array(READ_BUFFER_CAPACITY);
  private count = 0;
  private randomState = 0x2545f491;

  constructor(private readonly sink: BufferedHitSink) {}

  /** Slots waiting to be drained (never more than READ_BUFFER_CAPACITY). */
  get pending(): number {
    return this.count;
  }

  /**
   * A hit on a resident slot, given the policy's state column: the whole hit-path bookkeeping
   * (marking it referenced, see REFERENCED, and sampling it), as the hot tier inlines it.
   */
  record(slot: number, states: Uint8Array): void {
    const state = states[slot];
    if ((state & REFERENCED) === 0) states[slot] = state | REFERENCED;
    if (--this.untilSample <= 0 || (state & MUST_RECORD) !== 0) this.add(slot, state);
  }

  /** Kept out of `record`, so that the common, unsampled hit stays small enough to inline. */
  add(slot: number, state: number): void {
    if (this.untilSample <= 0 || (state & Region.Probation) !== 0) {
      this.slots[this.count] = slot;
      this.untilSample = this.nextSampleGap();
    } else {
      this.slots[this.count] = ~slot;
    }
    if (++this.count === READ_BUFFER_CAPACITY) this.drain();
  }

  /** Hands every buffered hit to the sink, oldest first. */
  drain(): void {
    const count = this.count;
    this.count = 0;
    for (let i = 0; i < count; i++) {
      const slot = this.slots[i];
      if (slot >= 0) this.sink.sampled(slot);
      else this.sink.unsampled(~slot);
    }
  }

  /** Forgets buffered hits without applying them (the store is closing). */
  clear(): void {
    this.count = 0;
  }

  /** A gap of 1 to 2 × HIT_SAMPLE_RATE − 1 hits (xorshift32): random, so no access pattern aliases. */
  private nextSampleGap(): number {
    let x = this.randomState;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.randomState = x;
    // Multiply-shift range reduction: `x >>> 0` is beyond int32, so `%` on it would be a float
    // modulo; this stays in integer registers.
    return 1 + (((x >>> 16) * (2 * HIT_SAMPLE_RATE - 1)) >>> 16);
  }
}
