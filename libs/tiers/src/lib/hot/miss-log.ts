/** Misses remembered until a caller acts on them; older ones are forgotten uncounted. */
export const MISS_LOG_CAPACITY = 1024;

/**
 * The keys of the latest misses, so that a miss costs the store one array write instead of
 * hashing its key into the sketch. A miss is counted when the caller acts on it: stores the key
 * (it was loaded or promoted) or asks for a frequency (the tiers below ask before promoting); the
 * store then drains the log into the sketch, every remembered miss once, the key being stored
 * hashed once for both. A miss nobody acted on before MISS_LOG_CAPACITY later ones is forgotten
 * uncounted, as Caffeine never counts a `getIfPresent` miss (its sketch sees a key when the key
 * is added): a flood of probes for absent keys then costs the sketch nothing, and what is loaded,
 * or asked about, is counted as before.
 */
export class MissLog {
  private readonly keys: string[] = new Array<string>(MISS_LOG_CAPACITY).fill('');
  /** Where the next miss goes. */
  private next = 0;
  /** Misses remembered, at most MISS_LOG_CAPACITY. */
  pending = 0;

  /** Kept small so that the store's miss path inlines it. */
  record(key: string): void {
    this.keys[this.next] = key;
    this.next = (this.next + 1) & (MISS_LOG_CAPACITY - 1);
    if (this.pending < MISS_LOG_CAPACITY) this.pending++;
  }

  /** Whether the latest remembered miss is for this key (a load storing what just missed). */
  latestIs(key: string): boolean {
    return this.pending > 0 && this.keys[(this.next - 1) & (MISS_LOG_CAPACITY - 1)] === key;
  }

  /** Forgets the latest remembered miss (the caller counts it itself). */
  dropLatest(): void {
    this.next = (this.next - 1) & (MISS_LOG_CAPACITY - 1);
    this.keys[this.next] = '';
    this.pending--;
  }

  /** Forgets every remembered miss uncounted (the store is closing). */
  clear(): void {
    this.keys.fill('');
    this.pending = 0;
  }

  /** Hands every remembered miss to `count`, oldest first, and forgets them. */
  drain(count: (key: string) => void): void {
    let index = (this.next - this.pending) & (MISS_LOG_CAPACITY - 1);
    for (let remaining = this.pending; remaining > 0; remaining--) {
      const key = this.keys[index];
      this.keys[index] = '';
      count(key);
      index = (index + 1) & (MISS_LOG_CAPACITY - 1);
    }
    this.pending = 0;
  }
}
